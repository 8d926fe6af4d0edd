// A rule listens on an event bus: a queue handle is not one.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let jobs = app.queue("Jobs", Queue::new());
    let _e = EventRule::new(serde_json::json!({"source": ["shop"]})).on_bus(jobs);
}
