from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_zarr_archives"),
    ]

    operations = [
        migrations.CreateModel(
            name="BackgroundTask",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("task", models.CharField(max_length=100)),
                ("object_pk", models.BigIntegerField()),
                ("queue", models.CharField(max_length=100)),
                (
                    "state",
                    models.CharField(
                        choices=[("queued", "Queued"), ("running", "Running"), ("done", "Done")],
                        default="queued",
                        max_length=16,
                    ),
                ),
                ("queued_at", models.DateTimeField()),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("worker", models.CharField(blank=True, default="", max_length=300)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("task", "object_pk"), name="unique_task_object")
                ],
                "indexes": [models.Index(fields=["queue", "state"], name="task_queue_state")],
            },
        ),
    ]
