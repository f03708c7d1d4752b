# southdesk web UI — English.
# Every message id here exists in zh/, fr/ and es/ with the same meaning.

## Page frame

site-name = southdesk
site-tagline = South Centre · Thematic Work Programme
page-title = { $page } · southdesk
meta-description = The South Centre's thematic work programme: thematic areas, objectives, modes of work and the programmes that carry them.
skip-link = Skip to main content
nav-label = Main navigation
nav-overview = Overview
nav-versions = Plan versions
nav-tag = Tag a text
nav-api = Open data
lang-switcher-label = Language
footer-about = The South Centre is the intergovernmental policy research think tank of developing countries, based in Geneva.
footer-open-data = The work programme is also published as open data.

## Overview page

home-adopted-on = Adopted on { $date }
home-intro = The thematic areas of the programme, the objectives they serve, the modes of work and the programmes that carry each area.
home-stats-label = The programme in figures
home-stats-areas =
    { $count ->
        [one] { $count } thematic area
       *[other] { $count } thematic areas
    }
home-stats-programmes =
    { $count ->
        [one] { $count } programme
       *[other] { $count } programmes
    }
home-stats-cross-cutting =
    { $count ->
        [one] { $count } cross-cutting area
       *[other] { $count } cross-cutting areas
    }
home-areas-heading = Thematic areas
home-objectives-heading = Objectives
home-objectives-intro = Every thematic area serves the four objectives of the programme.
home-modes-heading = Modes of work
home-modes-intro = The Centre works in four complementary ways.
home-matrix-heading = Programmes and thematic areas
home-matrix-intro = Which programme leads each thematic area and which programmes support it. Areas carried by two or more programmes are cross-cutting.
matrix-caption = Thematic areas (rows) and the programmes that carry them (columns)
matrix-area-column = Thematic area
legend-heading = Legend
legend-lead = Leads the area
legend-supporting = Supports the area
legend-cross-cutting = Cross-cutting area, carried by two or more programmes

## Thematic areas

area-number = Area { $number }
role-lead = Lead
role-supporting = Supporting
badge-cross-cutting = Cross-cutting
card-more-topics =
    { $count ->
        [one] and { $count } more
       *[other] and { $count } more
    }
label-topics = Topics
label-lead-programme = Lead programme
label-supporting-programmes = Supporting programmes
area-forums-heading = Forums and processes
area-programmes-heading = Programmes
area-objectives-heading = Objectives served
area-objectives-intro = Like every area of the programme, this area serves its four objectives.
area-no-topics = No topic is listed for this area.
area-no-forums = No particular forum is named for this area.
area-no-supporting = None: the lead programme carries this area alone.
area-pager-label = Other thematic areas
area-previous = Previous area
area-next = Next area
area-json = Data of this area (JSON)

## Plan versions

versions-title = Plan versions
versions-intro = Every version of the work programme held by the desk: drafts, the version in force and the versions it replaced.
versions-caption = Stored versions, newest first
versions-col-label = Version
versions-col-period = Period
versions-col-status = Status
versions-col-adopted = Adopted on
versions-col-areas = Thematic areas
versions-col-data = Data
versions-not-adopted = Not adopted
versions-empty = No version of the plan is stored yet.
status-draft = Draft
status-adopted = In force
status-superseded = Superseded

## Open data page

api-title = Open data
api-intro = The work programme is published as open data in JSON. Every text is given in Chinese, English, French and Spanish, and no key is needed.
api-endpoints-heading = Addresses
api-col-address = Address
api-col-content = Content
api-ep-plan = The plan in force: thematic areas, objectives, modes of work, programmes and forums.
api-ep-theme = One thematic area, by its identifier.
api-ep-versions = The stored versions of the plan.
api-ep-version = One version of the plan with its full content.
api-ep-tag = Tags a text with the thematic areas and the Sustainable Development Goals it deals with, and the evidence.
api-ep-health = Whether the service and its database are working.
api-docs-heading = Documentation
api-docs-text = The interactive documentation lets you try every address from your browser; it is in English.
api-docs-link = Open the interactive documentation
api-spec-link = Download the OpenAPI description
api-errors-heading = Errors
api-errors-text = An error comes with an HTTP status and a JSON body holding a stable code and a message, for example:

## Errors and empty states

notfound-title = Page not found
notfound-text = There is no page at this address. The link may be mistyped, or the page may have moved.
notfound-area-text = The plan in force has no thematic area with this identifier.
notfound-home = Go to the overview
noplan-title = No plan in force
noplan-text = The desk holds no adopted work programme yet. Once a version is adopted, its thematic areas appear here.
noplan-versions = See the stored versions
error-title = Service unavailable
error-text = The desk cannot read its data at the moment. Please try again shortly.

## Dates

date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Tagging page

tag-title = Tag a text
tag-intro = Paste a text — a statement, a draft decision, an article — to find which thematic areas of the work programme and which Sustainable Development Goals it deals with, and the words that show it.
tag-text-label = Text to tag
tag-text-placeholder = Paste the text here
tag-file-label = Or load a text file (.txt, .md)
tag-file-hint = You can also drop a file on the text box. The file is read by your browser and not sent until you submit the form.
tag-file-loaded = The file has been loaded into the text box.
tag-file-wrong-type = Only text files (.txt, .md) can be loaded.
tag-file-too-large = This file is larger than 1 MB; please load a shorter extract.
tag-file-unreadable = The file could not be read.
tag-all-label = Also show weaker candidates
tag-submit = Tag the text
tag-error-empty = There is no text to tag. Paste a text or load a file first.
tag-error-too-large = The text is larger than 1 MB. Please tag a shorter extract.
tag-error-bad-form = The form could not be read. Please try again.
tag-error-failed = The text could not be tagged. Please try again shortly.
tag-result-title = Tags of the text
tag-result-intro = The thematic areas and the Sustainable Development Goals found in the text, strongest first, with the words that point to them.
tag-themes-heading = Thematic areas found
tag-no-themes = No thematic area was found in this text.
tag-sdgs-heading = Sustainable Development Goals found
tag-no-sdgs = No goal was found in this text.
tag-sdg-number = SDG { $goal }
tag-sdg-label = SDG { $goal }: { $name }
tag-candidate = Candidate
tag-score-label = Score
tag-score-value = { $percent }%
tag-evidence-label = Evidence in the text
tag-features-label = Strongest features of the learned model
tag-source-vocabulary = vocabulary
tag-source-query = query { $query }
tag-text-heading = The text, with the evidence highlighted
tag-again = Tag another text

## Sustainable Development Goals (short names)

sdg-1 = No poverty
sdg-2 = Zero hunger
sdg-3 = Good health and well-being
sdg-4 = Quality education
sdg-5 = Gender equality
sdg-6 = Clean water and sanitation
sdg-7 = Affordable and clean energy
sdg-8 = Decent work and economic growth
sdg-9 = Industry, innovation and infrastructure
sdg-10 = Reduced inequalities
sdg-11 = Sustainable cities and communities
sdg-12 = Responsible consumption and production
sdg-13 = Climate action
sdg-14 = Life below water
sdg-15 = Life on land
sdg-16 = Peace, justice and strong institutions
sdg-17 = Partnerships for the goals

## Accounts, logging in, administration

nav-login = Log in
nav-logout = Log out
nav-admin-users = Accounts
forbidden-title = Not allowed
forbidden-text = Your account may not open this page or do this.
csrf-title = The form has expired
csrf-text = The form was sent without its security token, or with an old one. Go back, reload the page and send it again.
toolarge-title = The form is too large
toolarge-text = What you sent is larger than { $mb } MB, the most this form accepts. Nothing was saved. Go back, make the files or the text smaller, and send it again.
timeout-title = The form stopped arriving
timeout-text = Nothing came from your browser for { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } while it was sending the form, so it was not saved. Check your connection, go back and send it again.
login-title = Log in
login-email = Email address
login-password = Password
login-submit = Log in
login-failed = Wrong email address or password.
login-throttled = Too many failed attempts. Wait a quarter of an hour before trying again.
account-title = Your account
account-name = Name
account-email = Email address
account-role = Role
account-binding = Programme, member state or group
account-role-admin = Administrator
account-role-management = Management
account-role-coordinator = Programme coordinator
account-role-staff = Staff
account-role-delegate = Delegate
account-role-board = Board member
account-role-council = Council member
account-role-public = Public
account-password-heading = Change your password
account-password-current = Current password
account-password-new = New password (at least 12 characters)
account-password-confirm = New password again
account-password-submit = Change the password
account-password-wrong = The current password is wrong.
account-password-mismatch = The two new passwords differ.
account-password-changed = Your password has been changed. Your other sessions have ended.
password-too-short = The password must have at least 12 characters.
tokens-heading = API tokens
tokens-intro = A personal token lets programs use the API in your name: send it as “Authorization: Bearer” followed by the token. Revoke a token you no longer use.
tokens-created = Token “{ $name }” created. Copy it now: it will not be shown again.
tokens-none = You have no API token.
tokens-caption = Your API tokens
tokens-col-name = Token name
tokens-col-prefix = Begins with
tokens-col-created = Created
tokens-col-used = Last used
tokens-col-state = State
tokens-never-used = Never
tokens-revoked = Revoked
tokens-revoke = Revoke
tokens-name = Name of the new token
tokens-create = Create a token
tokens-name-missing = Give the token a name (at most 100 characters).
admin-users-title = Accounts
admin-users-caption = Accounts of the desk, by email address
admin-col-state = State
admin-col-actions = Actions
admin-state-active = Active
admin-state-disabled = Disabled
admin-disable = Disable
admin-enable = Enable again
admin-reset-label = New password
admin-reset-submit = Set the password
admin-add-heading = Add an account
admin-programme = Programme (coordinators)
admin-member = Member state (delegates)
admin-group = Group (delegates)
admin-none = None
admin-password = Password (at least 12 characters)
admin-add-submit = Add the account
admin-error-role = Choose a role.
admin-error-binding = A coordinator needs a programme, a delegate exactly one member state or group, and the other roles none.
admin-error-programme = There is no such programme in the plan in force.
admin-error-member = There is no such member state.
admin-error-group = There is no such group.
admin-error-email = Give a valid email address.
admin-error-taken = An account with this email address already exists.

## Negotiations calendar (crates/web/src/pages/meetings.rs)
cal-nav = Calendar
cal-title = Negotiations calendar
cal-intro = Meetings of the forums where the Centre follows negotiations, with what it prepares for each.
cal-view-list = List
cal-view-month = Month
cal-view-next = Next 30 days in my themes
cal-views-label = Views of the calendar
cal-add = Add a meeting
cal-empty = No meeting in this period.
cal-subscribe = Subscribe in your calendar application
cal-feed-all = All meetings of the South Centre calendar
cal-feed-theme = Meetings on { $name }
cal-feed-forum = Meetings of { $name }
cal-feed-programme = Meetings of the themes of { $name }
cal-subscribe-hint = Paste this address into your calendar application to follow the meetings as they change.
cal-col-when = When
cal-col-meeting = Meeting
cal-col-forum = Forum
cal-col-status = Status
cal-status-planned = Planned
cal-status-confirmed = Confirmed
cal-status-postponed = Postponed
cal-status-cancelled = Cancelled
cal-status-held = Held
cal-role-statement = Statement
cal-role-side-event = Side event
cal-role-briefing = Briefing
cal-role-delegations-supported = Delegations supported
cal-all-day = all day
cal-online = Online
cal-venue = Venue
cal-languages = Languages
cal-themes = Themes
cal-forum = Forum
cal-agenda = Agenda of the meeting
cal-roles = Role of the Centre
cal-time-zone = Time zone
cal-prepared = Prepared
cal-still-asked = Still asked
cal-nothing-prepared = Nothing is prepared yet.
cal-nothing-asked = Nothing is still asked.
cal-checklist = Preparation checklist
cal-checklist-add = Add to the checklist
cal-checklist-item = New item
cal-mark-done = Mark as done
cal-mark-open = Mark as not done
cal-link-request = Request no. { $id }
cal-link-output = Output no. { $id }
cal-link-add = Link a request or an output
cal-link-kind = Kind
cal-link-kind-request = Request
cal-link-kind-output = Output
cal-link-id = Number
cal-link-submit = Link
cal-link-missing = There is no request or output with this number.
cal-change-status = Change the status
cal-save = Save
cal-my-themes = My themes
cal-my-themes-pick = Choose the themes to follow
cal-my-themes-none = Choose themes to see their meetings.
cal-my-themes-programme = The themes of your programme.
cal-timeline-title = Meetings on { $theme }
cal-timeline-past = Past meetings
cal-timeline-upcoming = Coming meetings
cal-month-prev = Previous month
cal-month-next = Next month
cal-new-title = Add a meeting
cal-field-title = Title
cal-field-body = Forum body
cal-field-none = None
cal-field-start = Start (local time)
cal-field-end = End (local time)
cal-field-tz = Time zone (IANA name, such as Europe/Zurich)
cal-field-venue = Venue
cal-field-online = Address of the online meeting
cal-field-languages = Languages (such as en, fr, es)
cal-field-agenda = Agenda of the meeting
cal-field-status = Status
cal-field-roles = Role of the Centre
cal-field-themes = Themes (besides those found in the title and agenda)
cal-field-checklist = Preparation checklist (one item per line)
cal-create = Add the meeting
cal-error-title = Give the meeting a title.
cal-error-time = Give the start and end as date and time (2026-03-10T10:00).
cal-error-invalid = The meeting cannot be recorded: { $reason }
cal-notfound = There is no such meeting.
cal-day-1 = Mon
cal-day-2 = Tue
cal-day-3 = Wed
cal-day-4 = Thu
cal-day-5 = Fri
cal-day-6 = Sat
cal-day-7 = Sun
cal-import = Import an iCalendar file
cal-import-title = Import meetings from an iCalendar file
cal-import-intro = Paste the content of an .ics file. Every event is imported, or none if one cannot be read; recurring sessions become one meeting per occurrence.
cal-import-field = Content of the .ics file
cal-import-submit = Import the meetings
cal-import-failed = Nothing was imported: { $reason }
cal-import-update = Update the meetings already in the calendar (same UID): their dates, status and details follow the file; the Centre's roles, checklist and themes stay.
cal-import-synced = Imported: { $added } new, { $updated } updated, { $unchanged } unchanged.
cal-import-see = See the calendar

## Knowledge base (crates/web/src/kb)
kb-nav = Publications
kb-title = Publications and outputs
kb-search-label = Search the outputs
kb-search-placeholder = Words, "exact phrases", in any language
kb-search-button = Search
kb-facets-label = Refine the results
kb-results-count =
    { $count ->
        [one] One result
       *[other] { $count } results
    }
kb-no-results = Nothing matches. Try other words or remove a filter.
kb-hit-language = Language of this version
kb-pages-label = Pages of results
kb-prev = Previous
kb-next = Next
kb-page-of = Page { $page } of { $pages }
kb-export = Cite or export:
kb-feed-link = Follow these outputs (Atom feed)
kb-feed-all = Outputs of the South Centre
kb-theme-outputs-title = Outputs on { $theme }
kb-series-outputs-title = { $series }
kb-programme-outputs-title = Outputs of { $programme }
kb-new = Add an output
kb-new-title = Add an output
kb-edit = Edit
kb-edit-title = Edit the output
kb-create = Add the output
kb-save = Save and confirm the themes and SDGs
kb-create-help = After you add it, the tagger proposes themes and SDGs with its evidence; you then confirm or change them.
kb-upload-title = Upload a document
kb-upload-help = A PDF, DOCX, HTML, Markdown or text file of at most { $mb } MB. Its text, title and language are read from the file; the tagger then proposes themes and SDGs, which you confirm on the next page.
kb-upload-file = File
kb-upload-button = Upload and read
kb-upload-failed = The document was not added
kb-upload-failed-text = Nothing was stored.
kb-upload-no-file = Choose a file to upload.
kb-upload-duplicate = This file is already in the catalogue.
kb-tags-help = Checked: the themes and SDGs the output is filed under. A change from the tagger's proposal is kept to improve the tagger.
kb-tags-unconfirmed = The themes and SDGs were proposed by the tagger and are not yet confirmed by staff.
kb-proposed = Proposed by the tagger
kb-evidence = evidence:
kb-full-text = Full text
kb-back-to-list = Back to the outputs
kb-form-errors = Please correct the following:
kb-form-record = The output
kb-form-version = Version in { $language }
kb-authors-help = One author per line. For an author from outside the Centre, add | and their institution.
kb-countries-help = ISO codes of three letters, separated by commas (BRA, IND).
kb-error-title = Cannot show this
kb-error-format = There is no export format “{ $format }”. Use bibtex, ris, csljson or csv.
kb-error-search = The search failed. Please try again later.
kb-error-field = { $field }: { $problem }
kb-notfound = There is no such output, or you may not see it.
kb-notfound-file = There is no such file, or you may not see it.
kb-notfound-theme = There is no such thematic area.
kb-notfound-programme = There is no such programme.
kb-problem-required = this is required
kb-problem-invalid = this value cannot be used
kb-problem-duplicate = this is given twice
kb-problem-unknown = this is not in the plan
kb-problem-too-long = this is too long
kb-problem-series-required = a number needs a series
kb-problem-taken = this series and number are already used
kb-field-type = Type
kb-field-series = Series
kb-field-number = Number
kb-field-date = Date
kb-field-visibility = Visibility
kb-field-authors = Authors
kb-field-countries = Countries
kb-field-meetings = Meetings (numbers)
kb-field-programmes = Programmes
kb-field-forums = Forums
kb-field-themes = Themes
kb-field-sdgs = Sustainable Development Goals
kb-field-languages = Languages
kb-field-title = Title
kb-field-abstract = Abstract
kb-field-body = Full text
kb-field-file = File
kb-field-record = The output
kb-visibility-public = Public
kb-visibility-internal = Internal
kb-visibility-confidential = Confidential
kb-facet-type = Type
kb-facet-series = Series
kb-facet-theme = Theme
kb-facet-sdg = SDG
kb-facet-programme = Programme
kb-facet-forum = Forum
kb-facet-year = Year
kb-facet-language = Language
kb-facet-country = Country
kb-type-research-paper = Research Paper
kb-type-policy-brief = Policy Brief
kb-type-southviews = SouthViews
kb-type-tax-cooperation-policy-brief = Tax Cooperation Policy Brief
kb-type-climate-policy-brief = Climate Policy Brief
kb-type-statement = Statement
kb-type-submission = Submission
kb-type-analytical-note = Analytical Note
kb-type-book = Book
kb-type-meeting-report = Meeting report
kb-type-training = Training
kb-type-side-event = Side event
kb-type-advisory-note = Advisory note
kb-type-document = Document

# ---- request desk (req-)
req-nav = Requests
req-queue-title = My queue
req-queue-empty = No requests here.
req-new-link = Submit a request
req-overdue-title = Overdue requests
req-inbox-title = Inbox
req-inbox-empty = Nothing new.
req-col-number = No.
req-col-title = Title
req-col-requester = Requester
req-col-status = Status
req-col-received = Received
req-col-ack-due = Acknowledge by
req-col-deadline = Deadline
req-overdue = overdue
req-new-title = Submit a request
req-field-requester = On behalf of
req-field-channel = Received by
req-field-title = Subject
req-field-text = What is asked
req-field-contact = Contact person
req-field-lang = Language of the request
req-field-mode = Kind of help
req-field-forum = Forum
req-field-meeting = Meeting it serves
req-field-deadline = Needed by
req-field-confidential = Confidential
req-field-attachments = Attachments
req-submit = Submit the request
req-nothing-stored = Nothing was stored.
req-stored = Request { $id } is stored with everything it holds. You will be told of each step.
req-done = The change is recorded.
req-refused-title = The desk cannot do this
req-not-found = There is no such request.
req-number = Request { $id }
req-yes = Yes
req-declined-because = Declined
req-routing = Routing
req-out-of-plan = No theme of the plan covers this request: it is noted as an input for the next amendment of the plan.
req-themes = Themes
req-lead = Lead programme
req-supporting = Supporting programmes
req-sdgs = Sustainable Development Goals
req-sdg = Goal { $goal }
req-assignees = Assigned to
req-nobody = Nobody yet
req-someone = A colleague
req-evidence = Why the tagger proposed these themes
req-triage-heading = Confirm the themes
req-triage-submit = Confirm the routing
req-assign-heading = Assign to
req-assign-submit = Assign
req-decline-heading = Decline because
req-decline-note = Explanation for the requester
req-decline-submit = Decline the request
req-status-heading = Move the request on:
req-links = Answered by
req-no-links = No output or meeting is linked yet.
req-link-target = Number of the output
req-link-submit = Link the output
req-comments = Comments
req-comment-label = Your comment
req-comment-internal = Internal (Secretariat only)
req-comment-submit = Add the comment
req-history = History
req-member-title = Requests of { $name }
req-programme-title = Requests for { $programme }
req-stats-total = Requests made
req-stats-open = Still open
req-stats-delivered = Answered
req-stats-declined = Declined
req-stats-ack = Mean working days to acknowledge
req-stats-deliver = Mean working days to answer
req-stats-late = Acknowledged late
req-mark-read = Mark as read
req-status-received = Received
req-status-triaged = Triaged
req-status-assigned = Assigned
req-status-in-progress = In progress
req-status-delivered = Delivered
req-status-closed = Closed
req-status-declined = Declined
req-channel-web = Web form
req-channel-api = Programming interface
req-channel-email = Email
req-channel-meeting = In a meeting
req-reason-outside-mandate = Outside the mandate of the Centre
req-reason-no-capacity = No capacity at present
req-link-output = Output
req-link-meeting = Meeting
req-event-received = received the request
req-event-triaged = confirmed the routing
req-event-assigned = assigned the request
req-event-status = changed the status
req-event-comment = commented
req-event-linked = linked an answer
req-inbox-received = Request { $id } was received
req-inbox-assigned = Request { $id } was assigned to you
req-inbox-status = Request { $id } moved on
req-inbox-comment = Request { $id } has a new comment
req-inbox-overdue = Request { $id } is overdue
req-error-no-title = Give the request a subject.
req-error-title-too-long = The subject is too long (at most 300 characters).
req-error-no-text = Say what is asked.
req-error-text-too-large = The text is too long (at most 64 KB).
req-error-field-too-long = A field is too long (at most 300 characters).
req-error-no-contact = Give a contact person.
req-error-unknown-member = There is no such member state.
req-error-unknown-group = There is no such group.
req-error-deadline-in-past = The date needed by is already past.
req-error-too-many-attachments = At most five attachments.
req-error-attachment-too-large = An attachment is too large (at most 4 MB).
req-error-bad-attachment = An attachment is empty or has no name.
req-error-invalid-date = The date is not a valid date.
req-error-invalid-mode = Choose a kind of help.
req-error-no-requester = Choose on whose behalf the request is made.
req-error-bad-comment = The comment is empty or too long.
req-error-invalid-assignee = Choose colleagues of the Secretariat.
req-error-unknown-output = There is no output with this number.
req-error-unknown-meeting = There is no meeting with this number.
req-error-no-reason = Give a reason and an explanation.
req-error-unknown-programme = There is no such programme in the plan.
req-error-lead-also-supports = The lead programme cannot also be a supporting one.
req-error-no-lead = Supporting programmes need a lead programme.
req-error-conflict = The request has moved on meanwhile: this step no longer applies.
req-error-other = The request could not be read.

## Notification emails: the request's language first, then the other three.
mail-received-subject = Request received: { $title }
mail-received-body = Your request “{ $title }” on behalf of { $requester } was received on { $date }. The South Centre will acknowledge it within { $days } working days.
mail-assigned-subject = Request #{ $id } assigned to you: { $title }
mail-assigned-body = Request #{ $id } “{ $title }” from { $requester } was assigned to you.
mail-status-subject = Request #{ $id } is now “{ $status }”: { $title }
mail-status-body = Request #{ $id } “{ $title }” from { $requester } is now: { $status }.
mail-acknowledged-subject = Request #{ $id } acknowledged: { $title }
mail-acknowledged-body = Request #{ $id } “{ $title }” from { $requester } was acknowledged and routed to the programmes that will answer it.
mail-comment-subject = New comment on request #{ $id }: { $title }
mail-comment-body = Request #{ $id } “{ $title }” from { $requester } has a new comment. Sign in to the desk to read it.
mail-overdue-subject = Request #{ $id } is overdue: { $title }
mail-overdue-body = Request #{ $id } “{ $title }” from { $requester } is past its acknowledgement or delivery date.

## Knowledge base search: the other languages an output matched in (followed by their names)
kb-hit-also-in = Also in
kb-empty-title = The catalogue is empty
kb-empty-text = No outputs have been published yet. Come back soon, or follow the feed to hear of the first.
kb-empty-text-staff = No outputs yet. Add the first one, or load a folder of documents with `southdesk ingest`.
kb-past-last-title = There is no such page
kb-past-last-text = This list has fewer pages than the address asks for.
kb-past-last-link = Go to the first page
kb-no-results-title = Nothing matches

## The area as a hub of the work on it
area-work-heading = Work on this area
area-stat-outputs = Outputs
area-stat-open-requests = Open requests
area-stat-meetings = Coming meetings
area-recent-heading = Latest outputs
area-recent-empty = No output of this area yet.
area-all-outputs = All outputs
area-all-outputs-of = All outputs of this area
area-cited-heading = Most cited
area-cited-empty = No output of this area has been cited yet in an answer to a request or for a meeting.
area-cited-times = { $count ->
    [one] cited once
   *[other] cited { $count } times
 }
area-meetings-heading = Coming meetings
area-meetings-empty = No meeting of this area is planned.
area-meetings-all = This area's calendar
area-requests-heading = Requests
area-requests-count = { $count ->
    [0] No request on this area is open.
    [one] One request on this area is open.
   *[other] { $count } requests on this area are open.
 }
area-requests-all = This area's requests in the desk
area-sdgs-heading = SDGs its work touches
area-sdgs-empty = No output of this area is tagged with an SDG yet.
area-sdg-outputs = { $count ->
    [one] 1 output
   *[other] { $count } outputs
 }
area-feeds-heading = Follow this area
area-feed-atom = New outputs (Atom feed)
area-feed-webcal = Subscribe to its meetings in your calendar app
area-feed-ics = Address of its calendar feed, to paste into a calendar app

## Changing who may read several outputs at once (the list page)
kb-bulk-to = Make the ticked outputs
kb-bulk-apply = Apply
kb-bulk-pick = Tick “{ $title }”
kb-bulk-done = { $count ->
    [0] No output changed: the ticked ones were already “{ $to }”.
    [one] One output is now “{ $to }”.
   *[other] { $count } outputs are now “{ $to }”.
 }
kb-bulk-error-title = Visibility not changed
kb-bulk-bad-to = Choose who may read the outputs: public, internal or confidential.
kb-bulk-bad-id = “{ $value }” is not an output number; nothing was changed.
kb-bulk-none = Tick at least one output in the list, then choose who may read them.
kb-bulk-too-many = At most { $max } outputs can be changed at once; nothing was changed.
kb-bulk-gone = Output { $id } does not exist (any more); nothing was changed.

## A NUL character in a form or address
nul-title = Not stored: a field holds a NUL character
nul-text = One of the fields you sent (or the address) holds a NUL character (U+0000), which cannot be stored. Nothing was changed. Remove it — it usually comes from pasting text out of another program — and send again.

## Why an uploaded file could not be read
kb-upload-err-too-large = The file is larger than { $mb } MB.
kb-upload-err-unsupported = This kind of file is not read: upload a PDF, DOCX, HTML, Markdown or text file.
kb-upload-err-encrypted = The PDF is protected by a password: save an unprotected copy and upload that.
kb-upload-err-damaged = The file is damaged or not what its name says, and could not be read.
kb-upload-err-bomb = The file unpacks to far more than it weighs (a possible decompression bomb), so it was not opened.
kb-upload-err-no-text = No text was found in the file (a scanned PDF without a text layer? run OCR on it first).
kb-upload-err-binary = The file is named as text but holds binary data.

## After logging a request one may not open
req-logged = Request no. { $id } is logged and routed to its programme, which will acknowledge it; it opens for you once it is assigned to you. You can log another one below.
