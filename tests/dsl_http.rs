//! HTTP APIs in the DSL: each app synthesizes exactly what its SAM twin
//! (`tests/fixtures/dsl/http/*.yaml`, or the example's `template.yaml`) does,
//! and each check the DSL adds is reported naming the resource and property.

#[path = "../examples/http_api/app.rs"]
mod http_example;

use std::time::Duration;

use stackwright::dsl::prelude::*;
use stackwright::{emit, Error};

fn twin(path: &str, ctx: &Context) -> String {
    let text = std::fs::read_to_string(path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, path, ctx).unwrap_or_else(|e| panic!("{path}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

fn assert_twin(app: &App, fixture: &str, region: &str) {
    let ctx = Context::new(region);
    let dsl = app.synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
    let dsl = emit::to_json(&dsl, false).expect("renders");
    assert_eq!(dsl, twin(fixture, &ctx), "{fixture} in {region}");
}

/// The problems synth reports, rendered.
fn problems(app: &App, region: &str) -> Vec<String> {
    match app.synth(&Context::new(region)) {
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Ok(_) => panic!("expected problems, synth succeeded"),
        Err(e) => panic!("expected problems, got {e}"),
    }
}

fn code() -> Code {
    Code::s3("s3://bucket/app.zip")
}

fn function(handler: &str) -> Function {
    Function::new(Runtime::Python312, handler, code())
}

#[test]
fn http_example_matches_its_sam_twin() {
    assert_twin(
        &http_example::app(),
        "examples/http_api/template.yaml",
        "us-east-1",
    );
}
