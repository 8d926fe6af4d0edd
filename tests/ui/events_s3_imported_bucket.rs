// SAM writes an S3 event's notification into the bucket, so the bucket must
// be declared in the app: an imported bucket cannot feed an S3 event.
use stackwright::dsl::prelude::*;

fn main() {
    let uploads = Bucket::import("arn:aws:s3:::uploads");
    let _f = Function::new(Runtime::Python312, "app.handler", Code::inline("x"))
        .on("Upload", S3::new(uploads, S3EventType::ObjectCreated));
}
