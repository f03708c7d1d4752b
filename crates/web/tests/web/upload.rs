//! Uploading a document on the new-output page: the ingestion pipeline
//! through the real router — created and tagged, a duplicate recognised, a
//! damaged file refused with its reason, an oversized body refused with 413
//! before it is read whole; nothing half-stored.

use crate::common::accounts::*;
use crate::common::*;
use axum::body::Body;
use axum::http::Request;
use southdesk_plan::Role;
use southdesk_store::{OutputFilter, Page};
use southdesk_web::app::auth::CSRF_FIELD;

const TEXT: &str = "# Policy Brief No. 41: Climate finance\n\nDeveloping countries need predictable climate finance and technology transfer under the Paris Agreement. The South Centre proposes a new collective quantified goal.\n";

fn multipart(
    csrf: &str,
    file_name: &str,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> (String, Vec<u8>) {
    let boundary = "----southdeskUploadBoundary7";
    let mut body = Vec::new();
    let mut field = |name: &str, value: &str| {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    };
    field(CSRF_FIELD, csrf);
    for (k, v) in extra {
        field(k, v);
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &axum::Router, b: &Browser, file_name: &str, bytes: &[u8]) -> Reply {
    let (ct, body) = multipart(&b.csrf, file_name, bytes, &[("type", "policy-brief")]);
    let req = Request::post("/outputs/upload")
        .header("content-type", ct)
        .header("cookie", session_cookie(&b.cookie))
        .body(Body::from(body))
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn upload_creates_recognises_duplicates_and_refuses_bad_files() {
    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "staff@southcentre.int", Role::Staff).await;
    let b = login(&app, "staff@southcentre.int", PASSWORD).await;

    let page = get_with(
        &app,
        "/outputs/new",
        &[("cookie", &session_cookie(&b.cookie))],
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("action=\"/outputs/upload\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("enctype=\"multipart/form-data\""));

    let r = upload(&app, &b, "pb41.md", TEXT.as_bytes()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.header("location").unwrap().to_string();
    assert!(loc.ends_with("/edit?created=1"), "{loc}");
    let all = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs;
    assert_eq!(all.len(), 1);
    let o = &all[0];
    assert_eq!(o.series_label().as_deref(), Some("Policy Brief 41"));
    assert_eq!(o.versions[0].title, "Policy Brief No. 41: Climate finance");
    assert_eq!(o.versions[0].lang.code(), "en");
    assert!(!o.proposed_tags.is_empty(), "the tagger proposed nothing");
    let sha = &o.versions[0].file.as_ref().unwrap().sha256;
    assert_eq!(store.file(sha).await.unwrap().unwrap(), TEXT.as_bytes());

    // the same content again, under another name
    let r = upload(&app, &b, "copy.md", TEXT.as_bytes()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        r.header("location"),
        Some(format!("/outputs/{}?duplicate=1", o.id).as_str())
    );

    // a damaged PDF: refused with its reason, nothing stored
    let r = upload(
        &app,
        &b,
        "broken.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog",
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body
            .contains("The file is damaged or not what its name says"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Nothing was stored."));
    // The reason in the reader's language.
    let (ct, body) = multipart(
        &b.csrf,
        "program.txt",
        b"\x7fELF\x02\x01\x01\x00\x00binary",
        &[],
    );
    let req = Request::post("/outputs/upload?lang=fr")
        .header("content-type", ct)
        .header("cookie", session_cookie(&b.cookie))
        .body(Body::from(body))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body.contains("contient des données binaires"),
        "{}",
        r.body
    );

    // no file
    let (ct, body) = multipart(&b.csrf, "", b"", &[]);
    let req = Request::post("/outputs/upload")
        .header("content-type", ct)
        .header("cookie", session_cookie(&b.cookie))
        .body(Body::from(body))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Choose a file to upload."));

    // too large: 413 before the handler reads it
    let big = vec![b'a'; southdesk_web::kb::MAX_UPLOAD_BYTES + 1024];
    let r = upload(&app, &b, "big.txt", &big).await;
    assert_eq!(r.status, 413, "{}", r.body);
    // A page in the reader's language that names the limit, not a bare
    // error string.
    assert!(r.body.contains("id=\"page-heading\""), "{}", r.body);
    assert!(r.body.contains("larger than 32 MB"), "{}", r.body);
    let (ct, body) = multipart(&b.csrf, "gros.txt", &big, &[]);
    let req = Request::post("/outputs/upload?lang=fr")
        .header("content-type", ct)
        .header("cookie", session_cookie(&b.cookie))
        .body(Body::from(body))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, 413);
    assert!(r.body.contains("dépasse 32 Mo"), "{}", r.body);

    let after = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs;
    assert_eq!(after.len(), 1);
}
