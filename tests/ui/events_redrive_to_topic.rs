// A queue's dead-letter queue is a queue: a topic cannot receive redriven messages.
use stackwright::dsl::prelude::*;

fn main() {
    let mut app = App::new("demo");
    let alerts = app.topic("Alerts", Topic::new());
    app.queue("Jobs", Queue::new().dead_letter_queue(alerts, 5));
}
