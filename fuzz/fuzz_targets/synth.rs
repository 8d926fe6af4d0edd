//! Any bytes through the whole path the `stackwright` binary takes: UTF-8,
//! the YAML/JSON reader (duplicate keys tracked), the SAM reader and
//! transform, the template checks and quotas, and both renderers. Errors
//! are fine; a panic, an abort, a hang or a blow-up in memory is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stackwright::transform::Context;

fuzz_target!(|data: &[u8]| {
    stackwright::check::fuzz_one(data, &Context::new("us-east-1"));
});
