//! The frame around every page: head, header with navigation and language
//! switcher, footer.

use maud::{DOCTYPE, Markup, html};
use southdesk_plan::Lang;
use southdesk_plan::authz::{Action, allowed};

use super::assets;
use super::context::Ctx;

/// The entry of the main navigation a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Versions,
    Tag,
    OpenData,
    Calendar,
    Outputs,
    Start,
    Search,
    None,
}

/// A link to the current path in another language.
pub fn lang_href(path: &str, lang: Lang) -> String {
    format!("{path}?lang={}", lang.code())
}

/// `aria-current` for a navigation link.
fn current(active: bool) -> Option<&'static str> {
    active.then_some("page")
}

/// Who is logged in, with links to their start page, the requests, the
/// inbox (with the number of unread notices), the administration of
/// accounts for those allowed, and a logout button; or a login link.
fn account_box(ctx: &Ctx) -> Markup {
    let tr = &ctx.tr;
    html! {
        div class="account-box" {
            @if let Some(user) = ctx.user() {
                a href="/start" id="nav-start" { (tr.t("nav-start")) }
                @if allowed(Some(user), &Action::ListRequests) {
                    " · " a href="/requests" id="nav-requests" { (tr.t("req-nav")) }
                }
                " · " a href="/inbox" id="nav-inbox" {
                    (tr.t("req-inbox-title"))
                    @let unread = ctx.unread();
                    @if unread > 0 {
                        span class="unread-count" title=(tr.ta("nav-unread", &[("count", unread.into())])) {
                            (unread)
                            span class="sr-only" { " " (tr.ta("nav-unread", &[("count", unread.into())])) }
                        }
                    }
                }
                @if allowed(Some(user), &Action::ViewContacts) {
                    " · " a href="/contacts" id="nav-contacts" { (tr.t("contacts-nav")) }
                }
                @if allowed(Some(user), &Action::ManageUsers) {
                    " · " a href="/admin/users" { (tr.t("nav-admin-users")) }
                }
                " · " a href="/account" class="account-link" { (user.name) }
                form method="post" action="/logout" class="logout-form" {
                    input type="hidden" name=(super::cookies::CSRF_FIELD) value=(ctx.csrf_token());
                    button type="submit" class="button button-small" { (tr.t("nav-logout")) }
                }
            } @else {
                a href="/login" class="login-link" { (tr.t("nav-login")) }
            }
        }
    }
}

/// The search box of the header: outputs for everyone; for staff, also
/// requests and meetings (`/search`).
fn search_box(ctx: &Ctx) -> Markup {
    let tr = &ctx.tr;
    html! {
        form class="header-search" method="get" action="/search" role="search" {
            input type="search" name="q" aria-label=(tr.t("nav-search-label"))
                placeholder=(tr.t("nav-search-placeholder"));
            button type="submit" class="button button-small" { (tr.t("nav-search-button")) }
        }
    }
}

/// The section of the site a path belongs to, for the breadcrumb trail:
/// its address and the message naming it.
fn section_of(path: &str) -> Option<(&'static str, &'static str)> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    Some(match first {
        "requests" | "programmes" | "members" => ("/requests", "req-nav"),
        "inbox" => ("/inbox", "req-inbox-title"),
        "outputs" | "series" => ("/outputs", "kb-nav"),
        "meetings" => ("/meetings", "cal-nav"),
        "contacts" => ("/contacts", "contacts-nav"),
        "plan" => ("/plan/versions", "nav-versions"),
        "admin" => ("/admin/users", "nav-admin-users"),
        "account" => ("/account", "nav-account"),
        "themes" => ("/#areas", "home-areas-heading"),
        _ => return None,
    })
}

/// The trail from the start page to a page below the top level (a path
/// of two or more segments): home, the section, the page.
fn trail(ctx: &Ctx, title: &str) -> Option<Vec<(String, String)>> {
    let depth = ctx
        .path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    if depth < 2 {
        return None;
    }
    let tr = &ctx.tr;
    let home = if ctx.user().is_some() { "/start" } else { "/" };
    let mut trail = vec![(home.to_string(), tr.t("ui-home"))];
    if let Some((href, id)) = section_of(&ctx.path)
        && href != ctx.path
    {
        trail.push((href.to_string(), tr.t(id)));
    }
    trail.push((ctx.path.clone(), title.to_string()));
    Some(trail)
}

/// Renders a full page. `title` is the page's own title (without the site
/// name).
pub fn page(ctx: &Ctx, nav: Nav, title: &str, main: Markup) -> Markup {
    page_with_feeds(ctx, nav, title, &[], main)
}

/// [`page`] announcing feeds (`title`, `href`) in its head, as
/// `<link rel="alternate" type="text/calendar">`, or
/// `type="application/atom+xml"` for hrefs ending in `.atom`.
pub fn page_with_feeds(
    ctx: &Ctx,
    nav: Nav,
    title: &str,
    feeds: &[(String, String)],
    main: Markup,
) -> Markup {
    let tr = &ctx.tr;
    let lang = ctx.lang();
    let full_title = tr.ta("page-title", &[("page", title.to_string().into())]);
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir="ltr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (full_title) }
                meta name="description" content=(tr.t("meta-description"));
                link rel="stylesheet" href=(assets::url("app.css"));
                link rel="icon" type="image/svg+xml" href=(assets::url("favicon.svg"));
                @for other in Lang::ALL {
                    link rel="alternate" hreflang=(other.code()) href=(lang_href(&ctx.path, other));
                }
                @for (feed_title, href) in feeds {
                    // Atom feeds of the knowledge base end in `.atom`; the rest are iCalendar.
                    link rel="alternate"
                        type=(if href.ends_with(".atom") { "application/atom+xml" } else { "text/calendar" })
                        title=(feed_title) href=(href);
                }
            }
            body {
                a class="skip-link" href="#main" { (tr.t("skip-link")) }
                header class="site-header" {
                    div class="wrap header-inner" {
                        a class="brand" href="/" {
                            span class="brand-name" { (tr.t("site-name")) }
                            span class="brand-tagline" { (tr.t("site-tagline")) }
                        }
                        (search_box(ctx))
                        (account_box(ctx))
                        nav class="lang-switcher" aria-label=(tr.t("lang-switcher-label")) {
                            ul {
                                @for other in Lang::ALL {
                                    li {
                                        a href=(lang_href(&ctx.path, other))
                                            lang=(other.code())
                                            hreflang=(other.code())
                                            aria-current=[(other == lang).then_some("true")] {
                                            (other.endonym())
                                        }
                                    }
                                }
                            }
                        }
                    }
                    nav class="site-nav" aria-label=(tr.t("nav-label")) {
                        div class="wrap" {
                            ul {
                                li { a href=(if ctx.user().is_some() { "/plan" } else { "/" }) aria-current=[current(nav == Nav::Overview)] { (tr.t("nav-overview")) } }
                                li { a href="/plan/versions" aria-current=[current(nav == Nav::Versions)] { (tr.t("nav-versions")) } }
                                li { a href="/tag" aria-current=[current(nav == Nav::Tag)] { (tr.t("nav-tag")) } }
                                li { a href="/outputs" aria-current=[current(nav == Nav::Outputs)] { (tr.t("kb-nav")) } }
                                li { a href="/meetings" aria-current=[current(nav == Nav::Calendar)] { (tr.t("cal-nav")) } }
                                li { a href="/api" aria-current=[current(nav == Nav::OpenData)] { (tr.t("nav-api")) } }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" {
                    div class="wrap" {
                        @if let Some(trail) = trail(ctx, title) {
                            (super::ui::breadcrumbs(tr, &trail))
                        }
                        (main)
                    }
                }
                footer class="site-footer" {
                    div class="wrap" {
                        p { (tr.t("footer-about")) }
                        p { a href="/api" { (tr.t("footer-open-data")) } }
                    }
                }
            }
        }
    }
}

/// The head of a table: one column heading a message id.
pub fn column_heads(tr: &super::i18n::Tr, ids: &[&str]) -> Markup {
    html! {
        thead {
            tr {
                @for id in ids {
                    th scope="col" { (tr.t(id)) }
                }
            }
        }
    }
}
