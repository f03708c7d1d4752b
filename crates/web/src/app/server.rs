//! The HTTP/1.1 server loop: accepts connections, hands each request to the
//! router with the peer's address (`ConnectInfo<SocketAddr>`, which the
//! login throttle reads), and bounds what a client may hold:
//!
//! - **headers** — a request's line and headers must arrive whole within
//!   [`Transport::header_timeout`], counted from the connection's opening
//!   (for its first request) or from the first byte of a later request;
//!   else the connection is closed.
//! - **body** — while a handler waits for the body, some of it must arrive
//!   every [`Transport::body_timeout`]: the limit is on *silence*, not on the
//!   whole upload, so a large file on a slow but steady line goes through,
//!   while a body that stops coming is answered `408 Request Timeout` with
//!   `Connection: close` (the handler's read fails, so it does not hang). The
//!   same limit holds for sending: a client that reads nothing of the answer
//!   for that long is dropped.
//! - **idle** — a kept-alive connection with no request in flight for
//!   [`Transport::idle_timeout`] is closed.
//! - **connections** — at most [`Transport::max_connections`] are served at
//!   once; beyond that, new ones wait in the kernel's accept queue (they are
//!   not refused) until one closes, which the limits above make sure happens.
//!
//! hyper's own `header_read_timeout` is not used: its clock also runs while a
//! kept-alive connection waits between requests, so it would close idle
//! connections at the header limit. The clocks here are kept by
//! [`Watched`], the socket wrapper, from what the service tells it.
//!
//! On the shutdown signal the listener is closed (new connections are
//! refused), idle connections are closed, requests in flight are finished,
//! and [`serve`] returns once every connection is gone.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

use super::context::Ctx;
use super::error::ApiError;
use super::notice::notice_page;

/// What the server allows a client: how long it may take and how many
/// connections may be open at once. The defaults are those of
/// `southdesk serve`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transport {
    /// Longest wait for a request's line and headers (default 10 s).
    pub header_timeout: Duration,
    /// Longest silence while a request's body is read, or while the answer
    /// is sent (default 30 s).
    pub body_timeout: Duration,
    /// Longest wait for the next request on a kept-alive connection
    /// (default 60 s).
    pub idle_timeout: Duration,
    /// Most connections served at once (default 1024).
    pub max_connections: usize,
}

impl Transport {
    pub const DEFAULT_HEADER_SECS: u64 = 10;
    pub const DEFAULT_BODY_SECS: u64 = 30;
    pub const DEFAULT_IDLE_SECS: u64 = 60;
    pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
}

impl Default for Transport {
    fn default() -> Transport {
        Transport {
            header_timeout: Duration::from_secs(Transport::DEFAULT_HEADER_SECS),
            body_timeout: Duration::from_secs(Transport::DEFAULT_BODY_SECS),
            idle_timeout: Duration::from_secs(Transport::DEFAULT_IDLE_SECS),
            max_connections: Transport::DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// Serves `router` on `listener` within the limits of `transport` until
/// `shutdown` resolves; then stops accepting, finishes the requests in
/// flight and returns when every connection is closed.
pub async fn serve<F>(listener: TcpListener, router: Router, transport: Transport, shutdown: F)
where
    F: Future<Output = ()>,
{
    // Semaphore::acquire_many takes a u32; no server needs more.
    let slots_total = transport.max_connections.clamp(1, u32::MAX as usize >> 3);
    let slots = Arc::new(Semaphore::new(slots_total));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut builder = http1::Builder::new();
    // Configured off (not left at hyper's default, which warns without a
    // timer): [`Watched`] keeps the header clock.
    builder.header_read_timeout(None).keep_alive(true);
    let mut shutdown = pin!(shutdown);
    loop {
        // A free slot first: when all are taken, connections wait in the
        // accept queue rather than being accepted and starved.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break, // never closed
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
        };
        let connection = Connection {
            stream,
            peer,
            router: router.clone(),
            transport,
            builder: builder.clone(),
            stop: stop_rx.clone(),
        };
        tokio::spawn(async move {
            connection.run().await;
            drop(slot);
        });
    }
    // New connections are refused from here on.
    drop(listener);
    let _ = stop_tx.send(true);
    // Every slot back means every connection has ended.
    let _ = slots.acquire_many(slots_total as u32).await;
}

/// An error from `accept`: a connection that went away before it was
/// accepted is nothing; anything else (out of file descriptors) is logged
/// and waited out, not spun on.
async fn accept_failed(e: io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset, Interrupted};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset | Interrupted
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept a connection; retrying in 1 s");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// One accepted connection and what it needs to be served.
struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    transport: Transport,
    builder: http1::Builder,
    stop: watch::Receiver<bool>,
}

impl Connection {
    async fn run(self) {
        let Connection {
            stream,
            peer,
            router,
            transport,
            builder,
            mut stop,
        } = self;
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Watched::new(stream, activity.clone(), transport));
        let service = hyper::service::service_fn(move |req| {
            answer(router.clone(), req, peer, transport.body_timeout, &activity)
        });
        let mut conn = pin!(builder.serve_connection(io, service));
        let ended = tokio::select! {
            ended = conn.as_mut() => Some(ended),
            _ = stop.wait_for(|stop| *stop) => None,
        };
        let ended = match ended {
            Some(ended) => ended,
            None => {
                // Closes it if idle, or after the request in flight.
                conn.as_mut().graceful_shutdown();
                conn.await
            }
        };
        if let Err(e) = ended {
            tracing::debug!(%peer, error = %e, "connection ended");
        }
    }
}

/// Hands one request to the router: with the peer's address, its body
/// under the body timeout, and the connection marked busy until the answer
/// is sent.
fn answer(
    router: Router,
    req: Request<Incoming>,
    peer: SocketAddr,
    body_timeout: Duration,
    activity: &Arc<Activity>,
) -> impl Future<Output = Result<Response, std::convert::Infallible>> + Send + use<> {
    let busy = Busy::begin(activity.clone());
    let timed_out = Arc::new(AtomicBool::new(false));
    let (mut parts, body) = req.into_parts();
    parts.extensions.insert(ConnectInfo(peer));
    let api = parts.uri.path().starts_with("/api/");
    // The page of a 408 speaks the reader's language (no account: the
    // request never reached the authentication layer's answer).
    let ctx = (!api).then(|| Ctx::read(&parts.uri, &parts.headers, &parts.extensions));
    let body = TimedBody {
        inner: body,
        limit: body_timeout,
        sleep: None,
        timed_out: timed_out.clone(),
    };
    let req = Request::from_parts(parts, Body::new(body));
    async move {
        let response = match router.oneshot(req).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let response = if timed_out.load(Ordering::Relaxed) {
            body_too_slow(ctx.as_ref(), body_timeout)
        } else {
            response
        };
        Ok(response.map(|body| {
            Body::new(Sending {
                inner: body,
                _busy: busy,
            })
        }))
    }
}

/// 408 for a body that stopped coming, closing the connection (what is
/// left of the body is not read): a page in the reader's language, or the
/// API's error shape under `/api/` (no `ctx`).
fn body_too_slow(ctx: Option<&Ctx>, limit: Duration) -> Response {
    let seconds = limit.as_secs_f64();
    let mut response = match ctx {
        None => ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            code: "request_timeout",
            message: format!("the request body stopped arriving for {seconds} s"),
        }
        .into_response(),
        Some(ctx) => {
            let text = ctx.tr.ta("timeout-text", &[("seconds", seconds.into())]);
            notice_page(
                ctx,
                StatusCode::REQUEST_TIMEOUT,
                "timeout-title",
                &text,
                ("/", "notfound-home"),
            )
        }
    };
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Where a connection is, for its clocks.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Waiting for a request's line and headers, since then (the
    /// connection's opening or the request's first byte).
    Head(Instant),
    /// Between requests, since the last answer was sent.
    Idle(Instant),
    /// This many requests in flight (their body and answer have their own
    /// limit).
    Busy(usize),
}

/// The phase of one connection, shared by its socket and its service.
struct Activity(Mutex<Shared>);

struct Shared {
    phase: Phase,
    /// The read that waits, with no clock, while the connection is busy:
    /// woken when it is idle again, to start the idle clock.
    reader: Option<Waker>,
}

impl Activity {
    fn new() -> Activity {
        Activity(Mutex::new(Shared {
            phase: Phase::Head(Instant::now()),
            reader: None,
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update(&self, f: impl FnOnce(Phase) -> Phase) {
        let mut shared = self.lock();
        shared.phase = f(shared.phase);
        if !matches!(shared.phase, Phase::Busy(_))
            && let Some(reader) = shared.reader.take()
        {
            reader.wake();
        }
    }
}

/// A request in flight on a connection, from the call of the service until
/// its answer's body is sent (or dropped).
struct Busy(Arc<Activity>);

impl Busy {
    fn begin(activity: Arc<Activity>) -> Busy {
        activity.update(|phase| match phase {
            Phase::Busy(n) => Phase::Busy(n + 1),
            Phase::Head(_) | Phase::Idle(_) => Phase::Busy(1),
        });
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|phase| match phase {
            Phase::Busy(n) if n > 1 => Phase::Busy(n - 1),
            _ => Phase::Idle(Instant::now()),
        });
    }
}

/// The answer's body, holding the connection busy until it is sent.
struct Sending {
    inner: Body,
    _busy: Busy,
}

impl hyper::body::Body for Sending {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A request body that fails when nothing of it arrives for `limit` while
/// it is being waited for. Time the handler spends elsewhere does not
/// count: the clock runs only while a read is pending.
struct TimedBody {
    inner: Incoming,
    limit: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
    timed_out: Arc<AtomicBool>,
}

/// The error a handler reads from a body that stopped coming.
#[derive(Debug)]
struct BodyTimedOut(Duration);

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no part of the request body arrived for {} s",
            self.0.as_secs_f64()
        )
    }
}

impl std::error::Error for BodyTimedOut {}

impl hyper::body::Body for TimedBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.timed_out.load(Ordering::Relaxed) {
            return Poll::Ready(Some(Err(BodyTimedOut(this.limit).into())));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.sleep = None;
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let limit = this.limit;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                ready!(sleep.as_mut().poll(cx));
                this.timed_out.store(true, Ordering::Relaxed);
                Poll::Ready(Some(Err(BodyTimedOut(limit).into())))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The socket of a connection, failing its reads when a request's headers
/// or the next request are too long in coming (by the connection's
/// [`Phase`]), and its writes when the client reads nothing of the answer
/// for the body timeout.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
    transport: Transport,
    read_sleep: Pin<Box<Sleep>>,
    write_stalled_since: Option<Instant>,
    write_sleep: Pin<Box<Sleep>>,
}

impl Watched {
    fn new(stream: TcpStream, activity: Arc<Activity>, transport: Transport) -> Watched {
        let far = Instant::now() + Duration::from_secs(86_400);
        Watched {
            stream,
            activity,
            transport,
            read_sleep: Box::pin(tokio::time::sleep_until(far)),
            write_stalled_since: None,
            write_sleep: Box::pin(tokio::time::sleep_until(far)),
        }
    }

    /// When reading must have made progress by, in `phase`, and why.
    fn read_deadline(&self, phase: Phase) -> Option<(Instant, &'static str)> {
        match phase {
            Phase::Head(since) => Some((
                since + self.transport.header_timeout,
                "the request's headers did not arrive in time",
            )),
            Phase::Idle(since) => Some((
                since + self.transport.idle_timeout,
                "the connection was idle too long",
            )),
            Phase::Busy(_) => None,
        }
    }

    /// Waits out a pending write: an error once it has been stalled for
    /// the body timeout.
    fn write_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let since = *self.write_stalled_since.get_or_insert_with(Instant::now);
        let deadline = since + self.transport.body_timeout;
        if self.write_sleep.deadline() != deadline {
            self.write_sleep.as_mut().reset(deadline);
        }
        ready!(self.write_sleep.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client stopped reading the answer",
        ))
    }

    fn written<T>(
        &mut self,
        cx: &mut Context<'_>,
        done: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match done {
            Poll::Ready(r) => {
                self.write_stalled_since = None;
                Poll::Ready(r)
            }
            Poll::Pending => self.write_pending(cx).map(Err),
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    // The first bytes of a request: its headers' clock starts.
                    this.activity.update(|phase| match phase {
                        Phase::Idle(_) => Phase::Head(Instant::now()),
                        other => other,
                    });
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                let deadline = {
                    let mut shared = this.activity.lock();
                    let deadline = this.read_deadline(shared.phase);
                    if deadline.is_none() {
                        shared.reader = Some(cx.waker().clone());
                    }
                    deadline
                };
                let Some((deadline, why)) = deadline else {
                    return Poll::Pending;
                };
                if this.read_sleep.deadline() != deadline {
                    this.read_sleep.as_mut().reset(deadline);
                }
                ready!(this.read_sleep.as_mut().poll(cx));
                Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, why)))
            }
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.written(cx, done)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.written(cx, done)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let done = Pin::new(&mut this.stream).poll_flush(cx);
        this.written(cx, done)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
