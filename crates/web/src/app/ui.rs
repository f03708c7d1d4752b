//! The design system: the components every page is built from, written
//! once. Each renders plain HTML that works without JavaScript and is
//! styled by `static/app.css` (the `ui-` section); none knows a feature.
//!
//! - Forms: [`Input`], [`TextArea`], [`Select`] (a labelled control with
//!   hint and error), [`choices`] (checkboxes or radios as a grid),
//!   [`actions`], [`button`], [`csrf`].
//! - Display: [`badge`], [`card`], [`empty_state`], [`flash`], [`stat`],
//!   [`bar_chart`].
//! - Navigation: [`tabs`], [`pager`], [`sort_head`], [`facets`],
//!   [`breadcrumbs`].

use maud::{Markup, PreEscaped, Render, html};

use super::context::Ctx;
use super::i18n::Tr;

/// The id of a form control named `name` (also the `for` of its label).
pub fn control_id(name: &str) -> String {
    let mut id = String::from("f-");
    id.extend(
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// What surrounds any control: its label, hint and error, tied to it by
/// `for`, `aria-describedby` and `aria-invalid`.
struct Frame<'a> {
    name: &'a str,
    label: &'a str,
    hint: Option<&'a str>,
    error: Option<&'a str>,
    required: bool,
}

impl Frame<'_> {
    fn described_by(&self) -> Option<String> {
        let id = control_id(self.name);
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if self.error.is_some() {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn wrap(&self, control: Markup) -> Markup {
        let id = control_id(self.name);
        html! {
            div class=(if self.error.is_some() { "ui-field has-error" } else { "ui-field" }) {
                label for=(id) {
                    (self.label)
                    @if self.required { span class="ui-required" aria-hidden="true" { " *" } }
                }
                @if let Some(hint) = self.hint {
                    p class="ui-hint" id=(format!("{id}-hint")) { (hint) }
                }
                (control)
                @if let Some(error) = self.error {
                    p class="ui-error" id=(format!("{id}-error")) role="alert" { (error) }
                }
            }
        }
    }
}

/// A labelled `<input>`.
#[derive(Debug, Clone, Default)]
pub struct Input<'a> {
    kind: &'a str,
    name: &'a str,
    label: &'a str,
    value: &'a str,
    hint: Option<&'a str>,
    error: Option<&'a str>,
    required: bool,
    autocomplete: Option<&'a str>,
    placeholder: Option<&'a str>,
    list: Option<&'a str>,
}

impl<'a> Input<'a> {
    fn of(kind: &'a str, name: &'a str, label: &'a str) -> Input<'a> {
        Input {
            kind,
            name,
            label,
            ..Input::default()
        }
    }
    pub fn text(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("text", name, label)
    }
    pub fn email(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("email", name, label).autocomplete("email")
    }
    pub fn password(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("password", name, label)
    }
    pub fn date(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("date", name, label)
    }
    pub fn number(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("number", name, label)
    }
    pub fn search(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("search", name, label)
    }
    pub fn url(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("url", name, label)
    }
    pub fn file(name: &'a str, label: &'a str) -> Input<'a> {
        Input::of("file", name, label)
    }
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    /// An error to show under the control; `None` shows none.
    pub fn error(mut self, error: Option<&'a str>) -> Self {
        self.error = error;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, value: &'a str) -> Self {
        self.autocomplete = Some(value);
        self
    }
    pub fn placeholder(mut self, value: &'a str) -> Self {
        self.placeholder = Some(value);
        self
    }
    /// The id of a `<datalist>` of suggestions.
    pub fn list(mut self, id: &'a str) -> Self {
        self.list = Some(id);
        self
    }
}

impl Render for Input<'_> {
    fn render(&self) -> Markup {
        let frame = Frame {
            name: self.name,
            label: self.label,
            hint: self.hint,
            error: self.error,
            required: self.required,
        };
        let value = (self.kind != "password" && self.kind != "file" && !self.value.is_empty())
            .then_some(self.value);
        frame.wrap(html! {
            input type=(self.kind) id=(control_id(self.name)) name=(self.name) value=[value]
                required[self.required] autocomplete=[self.autocomplete]
                placeholder=[self.placeholder] list=[self.list]
                aria-invalid=[self.error.map(|_| "true")]
                aria-describedby=[frame.described_by()];
        })
    }
}

/// A labelled `<textarea>`.
#[derive(Debug, Clone, Default)]
pub struct TextArea<'a> {
    name: &'a str,
    label: &'a str,
    value: &'a str,
    hint: Option<&'a str>,
    error: Option<&'a str>,
    required: bool,
    rows: u32,
    maxlength: Option<usize>,
}

impl<'a> TextArea<'a> {
    pub fn new(name: &'a str, label: &'a str) -> TextArea<'a> {
        TextArea {
            name,
            label,
            rows: 6,
            ..TextArea::default()
        }
    }
    pub fn value(mut self, value: &'a str) -> Self {
        self.value = value;
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn error(mut self, error: Option<&'a str>) -> Self {
        self.error = error;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn rows(mut self, rows: u32) -> Self {
        self.rows = rows;
        self
    }
    pub fn maxlength(mut self, chars: usize) -> Self {
        self.maxlength = Some(chars);
        self
    }
}

impl Render for TextArea<'_> {
    fn render(&self) -> Markup {
        let frame = Frame {
            name: self.name,
            label: self.label,
            hint: self.hint,
            error: self.error,
            required: self.required,
        };
        frame.wrap(html! {
            textarea id=(control_id(self.name)) name=(self.name) rows=(self.rows)
                required[self.required] maxlength=[self.maxlength]
                aria-invalid=[self.error.map(|_| "true")]
                aria-describedby=[frame.described_by()] { (self.value) }
        })
    }
}

/// A labelled `<select>` of (value, label) options.
#[derive(Debug, Clone, Default)]
pub struct Select<'a> {
    name: &'a str,
    label: &'a str,
    options: Vec<(String, String)>,
    selected: Vec<String>,
    hint: Option<&'a str>,
    error: Option<&'a str>,
    required: bool,
    blank: Option<&'a str>,
}

impl<'a> Select<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Select<'a> {
        Select {
            name,
            label,
            ..Select::default()
        }
    }
    pub fn options<I, V, L>(mut self, options: I) -> Self
    where
        I: IntoIterator<Item = (V, L)>,
        V: Into<String>,
        L: Into<String>,
    {
        self.options = options
            .into_iter()
            .map(|(v, l)| (v.into(), l.into()))
            .collect();
        self
    }
    pub fn selected(mut self, value: impl Into<String>) -> Self {
        self.selected.push(value.into());
        self
    }
    /// A first, empty option with this text ("any", "choose…").
    pub fn blank(mut self, label: &'a str) -> Self {
        self.blank = Some(label);
        self
    }
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn error(mut self, error: Option<&'a str>) -> Self {
        self.error = error;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
}

impl Render for Select<'_> {
    fn render(&self) -> Markup {
        let frame = Frame {
            name: self.name,
            label: self.label,
            hint: self.hint,
            error: self.error,
            required: self.required,
        };
        frame.wrap(html! {
            select id=(control_id(self.name)) name=(self.name) required[self.required]
                aria-invalid=[self.error.map(|_| "true")]
                aria-describedby=[frame.described_by()] {
                @if let Some(blank) = self.blank {
                    option value="" { (blank) }
                }
                @for (value, label) in &self.options {
                    option value=(value) selected[self.selected.contains(value)] { (label) }
                }
            }
        })
    }
}

/// Checkboxes or radio buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Checkbox,
    Radio,
}

/// One checkbox or radio button of [`choices`].
#[derive(Debug, Clone)]
pub struct ChoiceItem {
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// A second line under the label (a score, a description).
    pub note: Option<String>,
}

impl ChoiceItem {
    pub fn new(value: impl Into<String>, label: impl Into<String>, checked: bool) -> ChoiceItem {
        ChoiceItem {
            value: value.into(),
            label: label.into(),
            checked,
            note: None,
        }
    }
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// A fieldset of checkboxes or radios named `name`, laid out as a grid of
/// labelled boxes (one column on a phone).
pub fn choices(legend: &str, name: &str, kind: Choice, items: &[ChoiceItem]) -> Markup {
    let kind_attr = match kind {
        Choice::Checkbox => "checkbox",
        Choice::Radio => "radio",
    };
    html! {
        fieldset class="ui-choices" {
            legend { (legend) }
            div class="ui-choice-grid" {
                @for (i, item) in items.iter().enumerate() {
                    @let id = format!("{}-{i}", control_id(name));
                    div class="ui-choice" {
                        input type=(kind_attr) id=(id) name=(name) value=(item.value) checked[item.checked];
                        label for=(id) {
                            (item.label)
                            @if let Some(note) = &item.note { span class="ui-choice-note" { (note) } }
                        }
                    }
                }
            }
        }
    }
}

/// The hidden CSRF field every `POST` form carries.
pub fn csrf(ctx: &Ctx) -> Markup {
    html! { input type="hidden" name=(super::cookies::CSRF_FIELD) value=(ctx.csrf_token()); }
}

/// How a button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Primary,
    Secondary,
    Danger,
}

impl Variant {
    fn class(self) -> &'static str {
        match self {
            Variant::Primary => "button",
            Variant::Secondary => "button button-secondary",
            Variant::Danger => "button button-danger",
        }
    }
}

/// A submit button.
pub fn button(label: &str, variant: Variant) -> Markup {
    html! { button type="submit" class=(variant.class()) { (label) } }
}

/// A link that looks like a button.
pub fn link_button(href: &str, label: &str, variant: Variant) -> Markup {
    html! { a href=(href) class=(variant.class()) { (label) } }
}

/// The row of buttons at the end of a form.
pub fn actions(buttons: Markup) -> Markup {
    html! { div class="ui-actions" { (buttons) } }
}

/// The colour of a badge or flash message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Neutral,
    Info,
    Success,
    Warning,
    Danger,
}

impl Tone {
    fn name(self) -> &'static str {
        match self {
            Tone::Neutral => "neutral",
            Tone::Info => "info",
            Tone::Success => "success",
            Tone::Warning => "warning",
            Tone::Danger => "danger",
        }
    }
}

/// A small label: a status, a visibility, a deadline.
pub fn badge(text: &str, tone: Tone) -> Markup {
    html! { span class=(format!("ui-badge ui-tone-{}", tone.name())) { (text) } }
}

/// A message at the top of a page (saved, failed, warning).
pub fn flash(tone: Tone, text: &str) -> Markup {
    let role = if tone == Tone::Danger {
        "alert"
    } else {
        "status"
    };
    html! { div class=(format!("ui-flash ui-tone-{}", tone.name())) role=(role) { (text) } }
}

/// A card: a linked title, a body and an optional foot.
pub fn card(title: &str, href: &str, body: Markup, foot: Option<Markup>) -> Markup {
    html! {
        article class="ui-card" {
            h3 class="ui-card-title" { a href=(href) { (title) } }
            div class="ui-card-body" { (body) }
            @if let Some(foot) = foot { div class="ui-card-foot" { (foot) } }
        }
    }
}

/// What a page shows when it has nothing to list: what that means, and
/// the next step (a link) when there is one.
pub fn empty_state(title: &str, text: &str, next: Option<(&str, &str)>) -> Markup {
    html! {
        div class="ui-empty" {
            p class="ui-empty-title" { (title) }
            @if !text.is_empty() { p { (text) } }
            @if let Some((href, label)) = next {
                p { a class="button button-secondary" href=(href) { (label) } }
            }
        }
    }
}

/// A figure with its label, linked when `href` is given.
pub fn stat(label: &str, value: &str, href: Option<&str>, tone: Tone) -> Markup {
    html! {
        div class=(format!("ui-stat ui-tone-{}", tone.name())) {
            @if let Some(href) = href {
                a href=(href) {
                    span class="ui-stat-value" { (value) }
                    span class="ui-stat-label" { (label) }
                }
            } @else {
                span class="ui-stat-value" { (value) }
                span class="ui-stat-label" { (label) }
            }
        }
    }
}

/// A horizontal bar chart as inline SVG, with the figures also in a
/// visually hidden table for screen readers.
pub fn bar_chart(title: &str, bars: &[(String, u64)]) -> Markup {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    html! {
        figure class="ui-chart" {
            figcaption { (title) }
            @if bars.is_empty() {
                p class="muted" { "—" }
            }
            @for (label, value) in bars {
                div class="ui-bar" {
                    span class="ui-bar-label" { (label) }
                    span class="ui-bar-track" aria-hidden="true" {
                        (PreEscaped(format!(
                            "<svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" focusable=\"false\"><rect width=\"{:.1}\" height=\"10\" rx=\"1.5\"/></svg>",
                            (*value as f64 / max as f64 * 100.0).max(1.0)
                        )))
                    }
                    span class="ui-bar-value" { (value) }
                }
            }
        }
    }
}

/// Tabs: links to views of one thing; the current one is marked.
pub fn tabs(label: &str, items: &[(String, String, bool)]) -> Markup {
    html! {
        nav class="ui-tabs" aria-label=(label) {
            ul {
                @for (href, text, active) in items {
                    li { a href=(href) aria-current=[active.then_some("page")] { (text) } }
                }
            }
        }
    }
}

/// Previous and next links for page `page` (from 1) of `pages`, with
/// "page N of M". Nothing when there is one page.
pub fn pager(tr: &Tr, page: u32, pages: u32, href_of: impl Fn(u32) -> String) -> Markup {
    html! {
        @if pages > 1 {
            nav class="ui-pager" aria-label=(tr.t("ui-pager-label")) {
                @if page > 1 {
                    a rel="prev" href=(href_of(page - 1)) { "← " (tr.t("ui-pager-prev")) }
                }
                span class="ui-pager-where" {
                    (tr.ta("ui-pager-where", &[("page", page.into()), ("pages", pages.into())]))
                }
                @if page < pages {
                    a rel="next" href=(href_of(page + 1)) { (tr.t("ui-pager-next")) " →" }
                }
            }
        }
    }
}

/// A sortable column heading: a link that sorts by `key`, ascending first,
/// and descending when the table is already sorted ascending by it.
/// `current` is the table's (key, descending).
pub fn sort_head(
    label: &str,
    key: &str,
    current: (&str, bool),
    href_of: impl Fn(&str) -> String,
) -> Markup {
    let (sorted, desc) = (current.0 == key, current.1);
    let next = if sorted && !desc {
        format!("-{key}")
    } else {
        key.to_string()
    };
    let aria = sorted.then_some(if desc { "descending" } else { "ascending" });
    html! {
        th scope="col" aria-sort=[aria] {
            a href=(href_of(&next)) class="ui-sort" {
                (label)
                @if sorted { span aria-hidden="true" { (if desc { " ↓" } else { " ↑" }) } }
            }
        }
    }
}

/// One entry of a facet group: label, count, link, and whether it is the
/// active filter.
#[derive(Debug, Clone)]
pub struct Facet {
    pub label: String,
    pub count: Option<u64>,
    pub href: String,
    pub active: bool,
}

/// A group of facets for the sidebar of a list.
pub fn facets(title: &str, items: &[Facet]) -> Markup {
    html! {
        @if !items.is_empty() {
            section class="ui-facet" {
                h2 { (title) }
                ul {
                    @for f in items {
                        li {
                            a href=(f.href) aria-current=[f.active.then_some("true")] {
                                span { (f.label) }
                                @if let Some(n) = f.count { span class="ui-facet-count" { (n) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A list page with a sidebar (facets, filters) and a main column; on a
/// phone the sidebar folds above the list.
pub fn with_sidebar(sidebar: Markup, main: Markup) -> Markup {
    html! {
        div class="ui-with-sidebar" {
            aside class="ui-sidebar" { (sidebar) }
            div class="ui-main" { (main) }
        }
    }
}

/// The trail from the start page to this one: (href, label) pairs, the
/// last being the current page (not linked).
pub fn breadcrumbs(tr: &Tr, trail: &[(String, String)]) -> Markup {
    html! {
        nav class="breadcrumb" aria-label=(tr.t("ui-breadcrumb-label")) {
            ol {
                @for (i, (href, label)) in trail.iter().enumerate() {
                    @if i + 1 == trail.len() {
                        li aria-current="page" { (label) }
                    } @else {
                        li { a href=(href) { (label) } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_is_tied_to_its_label_hint_and_error() {
        let html = Input::text("title", "Title")
            .hint("As printed")
            .error(Some("Required"))
            .required()
            .render()
            .into_string();
        assert!(html.contains(r#"<label for="f-title">"#), "{html}");
        assert!(html.contains(r#"id="f-title""#), "{html}");
        assert!(
            html.contains(r#"aria-describedby="f-title-hint f-title-error""#),
            "{html}"
        );
        assert!(html.contains(r#"aria-invalid="true""#), "{html}");
    }

    #[test]
    fn sorting_a_sorted_column_reverses_it() {
        let href = |k: &str| format!("?sort={k}");
        let asc = sort_head("Due", "due", ("due", false), href).into_string();
        assert!(
            asc.contains("?sort=-due") && asc.contains("ascending"),
            "{asc}"
        );
        let other = sort_head("Due", "due", ("title", false), href).into_string();
        assert!(other.contains("?sort=due") && !other.contains("aria-sort"));
    }

    #[test]
    fn choices_give_every_box_its_own_label() {
        let html = choices(
            "Areas",
            "theme",
            Choice::Checkbox,
            &[
                ChoiceItem::new("trade", "Trade", true),
                ChoiceItem::new("health", "Health", false),
            ],
        )
        .into_string();
        assert!(html.contains(r#"id="f-theme-0""#) && html.contains(r#"for="f-theme-1""#));
        assert_eq!(html.matches("checked").count(), 1, "{html}");
    }
}
