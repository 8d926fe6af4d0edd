//! WebSocket APIs in the DSL: each app synthesizes exactly what its SAM twin
//! (`tests/fixtures/dsl/websocket/*.yaml`, or the example's `template.yaml`)
//! does, and each check the DSL adds is reported naming resource and property.

#[path = "../examples/chat/app.rs"]
mod chat;

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

#[test]
fn chat_example_matches_its_sam_twin() {
    for region in ["us-east-1", "cn-north-1"] {
        assert_twin(&chat::app(), "examples/chat/template.yaml", region);
    }
}
