// A route's method is an enum: `Route::new("fetch", …)` (accepted before, and
// rejected only by API Gateway at deploy time) does not compile.
use stackwright::dsl::prelude::*;

fn main() {
    let _ = Route::new("fetch", "/items");
}
