//! Health, readiness, metrics, the OpenAPI document, security headers.

use crate::harness::on_every_backend;
use serde_json::Value;

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    on_every_backend(async |s| {
        let client = s.client();
        let health = client.get(s.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        assert_eq!(health.text().await.unwrap(), "ok");
        assert_eq!(s.status(&client, "/readyz").await, 200);
        let pupil = s.signed_in("lea.martin").await;
        assert_eq!(s.status(&pupil, "/api/v1/me").await, 200);
        let bad = serde_json::json!({"login": "lea.martin", "password": "nope nope"});
        assert_eq!(
            client
                .post(s.url("/api/v1/session"))
                .json(&bad)
                .send()
                .await
                .unwrap()
                .status(),
            401
        );
        let metrics = s.metrics().await;
        assert!(
            metrics.contains(
                "cartable_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"}"
            ),
            "{metrics}"
        );
        assert!(
            metrics.contains("cartable_http_request_duration_seconds_bucket{route=\"/api/v1/me\"")
        );
        assert!(metrics.contains("cartable_signins_total{outcome=\"success\"}"));
        assert!(metrics.contains("cartable_signins_total{outcome=\"failure\"}"));
        // With the database gone, the server says it is not ready (but still alive).
        s.store.close().await;
        let ready = client.get(s.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 503);
        assert_eq!(s.status(&client, "/healthz").await, 200);
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_lists_the_api() {
    on_every_backend(async |s| {
        let response = s
            .client()
            .get(s.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let doc: Value = response.json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/api/v1/session",
            "/api/v1/me",
            "/api/v1/sessions",
            "/api/v1/sessions/{id}",
            "/api/v1/home",
            "/api/v1/schools/{school_id}/accounts",
            "/api/v1/schools/{school_id}/import",
            "/api/v1/accounts/{id}/reset",
            "/api/v1/activate",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is documented");
        }
        assert!(doc["paths"]["/api/v1/session"]["post"]["responses"]["429"].is_object());
        let activate = &doc["paths"]["/api/v1/activate"]["post"]["responses"]["429"];
        assert!(activate["headers"]["Retry-After"].is_object(), "{activate}");
        let required = &doc["components"]["schemas"]["ActivateRequest"]["required"];
        for field in ["login", "code", "password"] {
            assert!(
                required.as_array().unwrap().iter().any(|f| f == field),
                "{field} in {required}"
            );
        }
        assert!(doc["components"]["schemas"]["ProfileDto"].is_object());
        let params: Vec<&str> = doc["paths"]["/api/v1/schools/{school_id}/accounts"]["get"]
            ["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(params, vec!["school_id", "role", "class", "q", "page"]);
        assert!(doc["components"]["schemas"]["AccountListDto"]["properties"]["total"].is_object());
    })
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    on_every_backend(async |s| {
        let response = s.client().get(s.url("/healthz")).send().await.unwrap();
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        assert_eq!(response.headers()["x-frame-options"], "DENY");
    })
    .await;
}
