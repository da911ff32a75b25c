"""Pure builders of the S3/IAM documents (dicts shaped like the AWS API JSON): no Pulumi, no I/O.

The Pulumi components translate them into pulumi_aws arguments; the local environment passes them to boto3
(put_bucket_policy, put_bucket_cors, ...) against its local S3 API, so both get the very same documents.
"""
