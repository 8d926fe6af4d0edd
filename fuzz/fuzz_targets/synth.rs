//! Any bytes through the whole path the `stackwright` binary takes: UTF-8,
//! the YAML/JSON reader (duplicate keys tracked), the SAM reader and
//! transform, the template checks and quotas, and both renderers. Errors
//! are fine; a panic, an abort, a hang or a blow-up in memory is a finding,
//! and so is YAML output that does not read back as the same template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackwright::transform::Context;

fuzz_target!(|data: &[u8]| {
    let ctx = Context::new("us-east-1");
    stackwright::check::fuzz_one(data, &ctx);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(t) = stackwright::sam::synth(text, "fuzz.yaml", &ctx) else {
        return;
    };
    let yaml = stackwright::emit::to_yaml(&t).expect("YAML renders");
    let back = stackwright::yaml::parse(&yaml, "back.yaml").expect("written YAML reads back");
    assert_eq!(back, t.to_value(), "YAML round trip:\n{yaml}");
});
