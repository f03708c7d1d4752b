//! Body limits that hold across features. A feature's own limits (the
//! largest text to tag, calendar file, output record) live with it; these
//! are the ones the authentication layer must know before any handler
//! runs, since it reads a form to find its CSRF token.

/// Largest `application/x-www-form-urlencoded` form, in bytes. Form
/// encoding can triple non-ASCII text, so a page that takes 1 MB of text
/// (the tagging page) needs this much body.
pub const MAX_FORM_BYTES: usize = 8 * 1024 * 1024;

/// Largest `multipart/form-data` form (fields and files) and largest JSON
/// submission with attachments in base64, in bytes.
pub const MAX_MULTIPART_BYTES: usize = 32 * 1024 * 1024;
