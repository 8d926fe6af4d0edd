//! `cargo run --example orders -- synth` writes the orders app's CloudFormation.

mod app;

fn main() {
    app::app().run()
}
