//! The DSL front end: example apps synthesize exactly what their SAM twins do.

#[path = "../examples/orders/app.rs"]
mod orders;

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
        let ctx = Context::new(region);
        let dsl = orders::app().synth(&ctx).unwrap_or_else(|e| panic!("{e}"));
        let dsl = emit::to_json(&dsl, false).expect("renders");
        assert_eq!(
            dsl,
            twin("examples/orders/template.yaml", &ctx),
            "region {region}"
        );
    }
}
