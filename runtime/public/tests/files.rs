//! Scanning and opening: what is in the folder at startup is what is served,
//! large files stream in chunks, nothing outside the folder is ever read.

#![allow(clippy::unwrap_used)]

mod support;

use std::fs;

use edgeroute_public::{
  CHUNK_SIZE, IntendedStatus, PublicDir, PublicError, serve,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_body::Body;
use http_body_util::BodyExt;

#[tokio::test]
async fn large_file_streams_in_chunks() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let file = public.lookup("/big.bin").unwrap();
  let response = serve(&file, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(
    response.headers()["content-length"],
    support::BIG_LEN.to_string().as_str()
  );
  let mut body = response.into_body();
  assert_eq!(body.size_hint().exact(), Some(support::BIG_LEN as u64));
  let mut chunks = 0;
  let mut received = Vec::new();
  while let Some(frame) = body.frame().await {
    let data = frame.unwrap().into_data().unwrap();
    assert!(
      !data.is_empty() && data.len() <= CHUNK_SIZE,
      "chunk of {} bytes",
      data.len()
    );
    received.extend_from_slice(&data);
    chunks += 1;
  }
  assert_eq!(chunks, support::BIG_LEN.div_ceil(CHUNK_SIZE));
  assert!(received == support::big_bytes(), "body differs");
}

#[tokio::test]
async fn range_inside_large_file() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let file = public.lookup("/big.bin").unwrap();
  let mut headers = HeaderMap::new();
  headers.insert("range", HeaderValue::from_static("bytes=65530-200000"));
  let response = serve(&file, &Method::GET, &headers, true).await.unwrap();
  assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
  assert_eq!(
    response.headers()["content-range"],
    "bytes 65530-200000/3145728"
  );
  let body = response.into_body().collect().await.unwrap().to_bytes();
  assert!(body.as_ref() == &support::big_bytes()[65530..=200000]);
}

#[test]
fn missing_folder_is_empty_and_a_file_is_an_error() {
  let scratch = support::scratch();
  let public = PublicDir::scan(&scratch.public()).unwrap();
  assert!(public.is_empty());
  assert_eq!(public.len(), 0);
  assert!(public.lookup("/x").is_none());
  fs::write(scratch.public(), "not a folder").unwrap();
  assert!(matches!(
    PublicDir::scan(&scratch.public()),
    Err(PublicError::NotADirectory { .. })
  ));
}

#[test]
fn scanned_once_and_links_stay_inside() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let paths = public.url_paths();
  assert!(paths.contains(&"/link.txt") && paths.contains(&"/linkdir/deep.css"));
  assert!(
    !paths.contains(&"/outside.txt"),
    "a link out of public/ is left out"
  );
  assert!(public.lookup("/outside.txt").is_none());
  fs::write(project.public().join("later.txt"), "added after startup").unwrap();
  assert!(
    public.lookup("/later.txt").is_none(),
    "next start scans once"
  );
  assert_eq!(public.len(), paths.len());
}

#[test]
fn link_loops_end() {
  let scratch = support::scratch();
  let public = scratch.public();
  fs::create_dir_all(public.join("a")).unwrap();
  fs::write(public.join("a/x.txt"), "x").unwrap();
  std::os::unix::fs::symlink("..", public.join("a/up")).unwrap();
  let dir = PublicDir::scan(&public).unwrap();
  assert_eq!(dir.url_paths(), vec!["/a/x.txt"]);
}

#[tokio::test]
async fn file_swapped_for_a_link_is_not_followed() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let file = public.lookup("/data.json").unwrap();
  let on_disk = project.public().join("data.json");
  fs::remove_file(&on_disk).unwrap();
  std::os::unix::fs::symlink("../secret.txt", &on_disk).unwrap();
  let response = serve(&file, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
  assert_eq!(
    response.extensions().get::<IntendedStatus>(),
    Some(&IntendedStatus(StatusCode::BAD_REQUEST))
  );
  let body = response.into_body().collect().await.unwrap().to_bytes();
  assert_eq!(body.as_ref(), b"Internal Server Error");
}

#[tokio::test]
async fn folder_swapped_for_a_link_is_not_followed() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let file = public.lookup("/nested/deep.css").unwrap();
  let outside = project.0.join("elsewhere");
  fs::create_dir_all(&outside).unwrap();
  fs::write(outside.join("deep.css"), "secret css").unwrap();
  fs::remove_dir_all(project.public().join("nested")).unwrap();
  std::os::unix::fs::symlink(&outside, project.public().join("nested"))
    .unwrap();
  let response = serve(&file, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn answers_follow_the_file_as_it_is_now() {
  let project = support::recorded_project();
  let public = PublicDir::scan(&project.public()).unwrap();
  let file = public.lookup("/hello.txt").unwrap();
  fs::write(project.public().join("hello.txt"), "changed").unwrap();
  let t = std::time::UNIX_EPOCH
    + std::time::Duration::from_secs(support::T_SECS + 60);
  support::set_mtime(&project.public().join("hello.txt"), t);
  let response = serve(&file, &Method::GET, &HeaderMap::new(), true)
    .await
    .unwrap();
  assert_eq!(response.headers()["etag"], "W/\"7-18f4cbc2208\"");
  assert_eq!(
    response.headers()["last-modified"],
    "Mon, 06 May 2024 07:09:09 GMT"
  );
  let body = response.into_body().collect().await.unwrap().to_bytes();
  assert_eq!(body.as_ref(), b"changed");
}
