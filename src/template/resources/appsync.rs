//! `AWS::AppSync::*`, each with its properties in the order SAM's
//! `internal/model/appsync.py` declares them.

use serde::Serialize;
use serde_json::Value;

use super::ResourceType;

/// Declares a resource type whose properties are all optional values
/// (SAM leaves unset ones out).
macro_rules! appsync_resource {
    ($(#[$doc:meta])* $name:ident = $type_:literal { $($(#[$attr:meta])* $field:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, Serialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $(
                $(#[$attr])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<Value>,
            )*
        }

        impl ResourceType for $name {
            const TYPE: &'static str = $type_;
        }
    };
}

appsync_resource! {
    /// `AWS::AppSync::GraphQLApi`.
    GraphQlApi = "AWS::AppSync::GraphQLApi" {
        name,
        authentication_type,
        lambda_authorizer_config,
        #[serde(rename = "OpenIDConnectConfig")]
        open_id_connect_config,
        user_pool_config,
        additional_authentication_providers,
        tags,
        xray_enabled,
        log_config,
        visibility,
        owner_contact,
        introspection_config,
        query_depth_limit,
        resolver_count_limit,
    }
}

appsync_resource! {
    /// `AWS::AppSync::GraphQLSchema`.
    GraphQlSchema = "AWS::AppSync::GraphQLSchema" {
        api_id,
        definition,
        #[serde(rename = "DefinitionS3Location")]
        definition_s3_location,
    }
}

appsync_resource! {
    /// `AWS::AppSync::DataSource`.
    DataSource = "AWS::AppSync::DataSource" {
        api_id,
        description,
        name,
        type_,
        service_role_arn,
        #[serde(rename = "DynamoDBConfig")]
        dynamodb_config,
        lambda_config,
    }
}

appsync_resource! {
    /// `AWS::AppSync::FunctionConfiguration`.
    FunctionConfiguration = "AWS::AppSync::FunctionConfiguration" {
        api_id,
        data_source_name,
        name,
        code,
        #[serde(rename = "CodeS3Location")]
        code_s3_location,
        description,
        max_batch_size,
        runtime,
        sync_config,
    }
}

appsync_resource! {
    /// `AWS::AppSync::Resolver`.
    Resolver = "AWS::AppSync::Resolver" {
        api_id,
        caching_config,
        code,
        #[serde(rename = "CodeS3Location")]
        code_s3_location,
        data_source_name,
        field_name,
        kind,
        max_batch_size,
        pipeline_config,
        runtime,
        sync_config,
        type_name,
    }
}

appsync_resource! {
    /// `AWS::AppSync::ApiKey`.
    ApiKey = "AWS::AppSync::ApiKey" {
        api_id,
        api_key_id,
        description,
        expires,
    }
}

appsync_resource! {
    /// `AWS::AppSync::DomainName`.
    DomainName = "AWS::AppSync::DomainName" {
        certificate_arn,
        domain_name,
        description,
    }
}

appsync_resource! {
    /// `AWS::AppSync::DomainNameApiAssociation`.
    DomainNameApiAssociation = "AWS::AppSync::DomainNameApiAssociation" {
        api_id,
        domain_name,
    }
}

appsync_resource! {
    /// `AWS::AppSync::ApiCache`.
    ApiCache = "AWS::AppSync::ApiCache" {
        api_caching_behavior,
        api_id,
        type_,
        ttl,
        at_rest_encryption_enabled,
        transit_encryption_enabled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_are_cloudformation_s() {
        let v = serde_json::to_value(DataSource {
            type_: Some("NONE".into()),
            dynamodb_config: Some(Value::Null),
            ..Default::default()
        })
        .unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"Type": "NONE", "DynamoDBConfig": null})
        );
        let v = serde_json::to_value(GraphQlApi {
            open_id_connect_config: Some(Value::Null),
            xray_enabled: Some(Value::Bool(true)),
            ..Default::default()
        })
        .unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"OpenIDConnectConfig": null, "XrayEnabled": true})
        );
    }
}
