# Tagging page (/tag) and the open data page (/api): messages added for issue 11.

tag-text-hint = In Chinese, English, French or Spanish, up to 1 MB. You can also drop a text file on the box.
tag-options-legend = Options
tag-clear = Clear the form
tag-again-heading = Change the text and tag it again
tag-terms-label = Words of the text that weighed most in the learned model

api-group-plan = The work programme
api-group-outputs = Outputs and search
api-group-meetings = Meetings and calendars
api-group-atom = Atom feeds
api-group-oai = OAI-PMH harvesting
api-group-tag = Tagging
api-group-other = Other addresses
api-group-service = The service
api-ep-outputs = The published outputs of the Centre, newest first, with their themes, SDGs and files.
api-ep-output = One output, by its number.
api-ep-search = Full-text search over the outputs, in the four languages, with facets.
api-ep-meetings = The meetings of the negotiations calendar, by start.
api-ep-meeting = One meeting, by its number.
api-ep-organisations = The organisations the Centre works with: names in their languages, kind, country, IATI type (no person is named).
api-ep-ics-all = The whole calendar of meetings, in iCalendar format.
api-ep-ics-theme = The meetings of one thematic area, in iCalendar format.
api-ep-ics-forum = The meetings of one negotiating body, in iCalendar format.
api-ep-ics-programme = The meetings of one programme, in iCalendar format.
api-ep-atom-outputs = The latest outputs, as an Atom feed.
api-ep-atom-theme = The latest outputs of one thematic area, as an Atom feed (for example trade.atom).
api-ep-atom-series = The latest outputs of one series, as an Atom feed.
api-ep-oai = The catalogue of outputs for harvesters, over OAI-PMH 2.0 with Dublin Core.
api-ep-openapi = The OpenAPI description of the JSON addresses.
