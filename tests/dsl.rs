//! The DSL front end: example apps synthesize exactly what their SAM twins do.

#[path = "../examples/orders/app.rs"]
mod orders;
mod support;

use stackwright::emit;
use stackwright::transform::Context;

fn twin(path: &str, ctx: &Context) -> String {
    let text = std::fs::read_to_string(path).expect("twin template is readable");
    let t = stackwright::sam::synth(&text, path, ctx).unwrap_or_else(|e| panic!("{path}: {e}"));
    emit::to_json(&t, false).expect("renders")
}

#[test]
fn orders_app_matches_its_sam_twin() {
    for region in ["us-east-1", "cn-north-1"] {
        let ctx = support::sam_context(region);
        let dsl = orders::app().synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
        let dsl = emit::to_json(&dsl, false).expect("renders");
        assert_eq!(
            dsl,
            twin("examples/orders/template.yaml", &ctx),
            "region {region}"
        );
    }
}

#[test]
fn explicit_rest_api_routes_match_sam() {
    use stackwright::dsl::prelude::*;

    let mut app = App::new("items");
    let api = app.rest_api("Api", RestApi::new("v1").tracing());
    let items = app.simple_table("Items", SimpleTable::new());
    let list = app.function(
        "ListItems",
        Function::new(
            Runtime::Nodejs22,
            "items.list",
            Code::inline("exports.list = async () => ({ statusCode: 200 });"),
        )
        .architecture(Architecture::Arm64)
        .on("List", Route::get("/items").on(api)),
    );
    app.grant(list, items, TableAccess::Read);
    app.output("Url", Output::new(api.url()));

    let ctx = support::sam_context("eu-west-1");
    let dsl =
        emit::to_json(&app.synth(&ctx).unwrap_or_else(|e| panic!("{e}")), false).expect("renders");
    assert_eq!(dsl, twin("tests/fixtures/dsl/explicit_api.yaml", &ctx));
}

/// The orders example's template, reviewed: a table with two key attributes,
/// a GSI, a stream and TTL; a stream event source mapping; the index-query
/// statement.
#[test]
fn orders_app_snapshot() {
    let t = orders::app()
        .synth(&support::context())
        .unwrap_or_else(|e| panic!("{e}"));
    let json = emit::to_json(&t, false).expect("renders");
    support::with_snapshots(|| insta::assert_snapshot!("dsl_orders_app", json));
}
