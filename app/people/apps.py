from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """Accounts and who may do what: statuses, questionnaire, approval, owners, notices."""

    name = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate, post_save

        from people import signals

        post_save.connect(signals.create_profile, sender=get_user_model(), dispatch_uid="people-profile")
        post_migrate.connect(signals.apply_declared_config, sender=self, dispatch_uid="people-declared")
        user_logged_in.connect(signals.promote_on_login, dispatch_uid="people-admins")
