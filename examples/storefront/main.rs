//! `cargo run --example storefront -- synth` writes the storefront's CloudFormation.

mod app;

fn main() {
    app::app().run()
}
