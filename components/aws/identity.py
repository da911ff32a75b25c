"""ApiIdentity: the API app's least-privilege IAM user and key, plus optional read-only (backup) users."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.documents import iam_policy


@dataclass
class ApiIdentityArgs:
    user_name: str
    bucket: str
    reader_user_names: Sequence[str] = ()
    force_destroy: bool = False
    tags: dict[str, str] = field(default_factory=dict)


class ApiIdentity(pulumi.ComponentResource):
    """Reader users get no access key here: their keys are issued out of band so no secret lands in state."""

    user: aws.iam.User
    access_key: aws.iam.AccessKey

    def __init__(self, name: str, args: ApiIdentityArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("dandi:identity:ApiIdentity", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.user = aws.iam.User(
            f"{name}-api", name=args.user_name, force_destroy=args.force_destroy, tags=args.tags, opts=child
        )
        aws.iam.UserPolicy(
            f"{name}-api-policy",
            user=self.user.name,
            policy=json.dumps(iam_policy.api_user_policy(bucket=args.bucket)),
            opts=child,
        )
        self.access_key = aws.iam.AccessKey(f"{name}-api-key", user=self.user.name, opts=child)

        self.readers: list[aws.iam.User] = []
        for reader in args.reader_user_names:
            user = aws.iam.User(
                f"{name}-{reader}", name=reader, force_destroy=args.force_destroy, tags=args.tags, opts=child
            )
            aws.iam.UserPolicy(
                f"{name}-{reader}-policy",
                user=user.name,
                policy=json.dumps(iam_policy.reader_user_policy(bucket=args.bucket)),
                opts=child,
            )
            self.readers.append(user)

        self.user_name = self.user.name
        self.user_arn = self.user.arn
        self.access_key_id = self.access_key.id
        self.secret_access_key: pulumi.Output[str] = pulumi.Output.secret(self.access_key.secret)
        self.reader_arns = [u.arn for u in self.readers]
        self.register_outputs(
            {
                "user_name": self.user_name,
                "user_arn": self.user_arn,
                "access_key_id": self.access_key_id,
                "secret_access_key": self.secret_access_key,
                "reader_arns": self.reader_arns,
            }
        )
