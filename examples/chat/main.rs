//! `cargo run --example chat -- synth` writes the WebSocket chat's CloudFormation.

mod app;

fn main() {
    app::app().run()
}
