//! HTTP APIs in the DSL (SAM's `AWS::Serverless::HttpApi`).
