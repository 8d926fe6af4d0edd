//! An S3 upload pipeline: files dropped under `incoming/` in the uploads
//! bucket invoke `ProcessUpload`, which publishes a message per file to the
//! `UploadProcessed` topic; the topic feeds the `IndexJobs` queue (with a
//! dead-letter queue for messages that keep failing), which `IndexWorker`
//! drains in batches, reporting the messages it could not handle.
//! `template.yaml` beside this file is the same app written in SAM; both
//! synthesize the same CloudFormation.

use std::time::Duration;

use serde_json::json;
use stackwright::dsl::prelude::*;

pub fn app() -> App {
    let mut app = App::new("uploads");
    app.description("Upload pipeline: S3 -> function -> SNS -> SQS -> worker");

    // The bucket's name is known before it exists, so the functions' policies
    // can name it without a reference to the bucket (which would make the
    // bucket, its notification and the function's role depend on each other).
    let bucket_name: serde_json::Value =
        Expr::sub("${AWS::StackName}-uploads-${AWS::AccountId}").into();
    let uploads = app.bucket(
        "UploadsBucket",
        Bucket::new()
            .bucket_name(bucket_name.clone())
            .encryption(BucketEncryption::S3Managed)
            .versioned()
            .lifecycle_rule(
                LifecycleRule::new("ExpireIncoming")
                    .prefix("incoming/")
                    .expire_after_days(30)
                    .expire_noncurrent_after_days(7)
                    .abort_incomplete_uploads_after_days(1),
            ),
    );

    let processed = app.topic(
        "UploadProcessed",
        Topic::new()
            .display_name("Upload processed")
            .kms_key("alias/aws/sns"),
    );

    let dead_letters = app.queue(
        "IndexJobsDeadLetters",
        Queue::new().retention(Duration::from_secs(14 * 24 * 3600)),
    );
    let jobs = app.queue(
        "IndexJobs",
        Queue::new()
            // Six times the worker's timeout, as AWS advises for Lambda consumers.
            .visibility_timeout(Duration::from_secs(180))
            .dead_letter_queue(dead_letters, 5)
            .encryption(QueueEncryption::SqsManaged),
    );
    app.subscribe_queue(
        processed,
        jobs,
        QueueSubscription::new().raw_message_delivery(),
    );

    app.function(
        "ProcessUpload",
        Function::new(
            Runtime::Python312,
            "uploads.process",
            Code::s3("s3://stackwright-examples/uploads.zip"),
        )
        .memory_size(512)
        .timeout(Duration::from_secs(60))
        // An upload that fails every retry is recorded with the index jobs
        // that kept failing.
        .on_failure(dead_letters)
        .env("TOPIC_ARN", processed.arn())
        .managed_policy(json!({"S3ReadPolicy": {"BucketName": bucket_name}}))
        .managed_policy(json!({"SNSPublishMessagePolicy": {"TopicName": processed.name()}}))
        .on(
            "Upload",
            S3::new(uploads, S3EventType::ObjectCreated)
                .prefix("incoming/")
                .suffix(".csv"),
        ),
    );

    app.function(
        "IndexWorker",
        Function::new(
            Runtime::Python312,
            "uploads.index",
            Code::s3("s3://stackwright-examples/uploads.zip"),
        )
        .memory_size(256)
        .timeout(Duration::from_secs(30))
        .managed_policy(json!({"S3ReadPolicy": {"BucketName": bucket_name}}))
        .on(
            "Jobs",
            Sqs::new(jobs)
                .batch_size(10)
                .batching_window(Duration::from_secs(5))
                .report_batch_item_failures(),
        ),
    );

    app.output(
        "UploadsBucketName",
        Output::new(uploads.name()).description("Drop files under incoming/ here"),
    );
    app.output(
        "UploadProcessedTopic",
        Output::new(processed.arn()).description("Published once per processed upload"),
    );
    app.output(
        "DeadLetterQueueUrl",
        Output::new(dead_letters.url()).description("Index jobs that kept failing"),
    );
    app
}
