//! WebSocket APIs in the DSL (SAM's `AWS::Serverless::WebSocketApi`).
