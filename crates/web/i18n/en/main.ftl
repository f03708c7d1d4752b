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
breadcrumb-label = You are here

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
