# The negotiations calendar (issue 11): subscribe links, per-meeting files,
# public and internal checklist items, the forum body, the import upload.

cal-sub-intro = Follow these meetings in your own calendar: it updates itself as meetings change.
cal-sub-webcal = Calendar address (webcal)
cal-sub-webcal-hint = Opens your calendar application directly on a phone or a computer.
cal-sub-open = Subscribe with my calendar app
cal-sub-web = Web address (https)
cal-sub-web-hint = Copy this address into a calendar that asks for a URL.
cal-sub-download = Download the .ics file
cal-sub-apps = How to subscribe in your calendar app
cal-sub-app-google = Google Calendar: Other calendars, +, From URL; paste the web address.
cal-sub-app-outlook = Outlook: Add calendar, Subscribe from web; paste the web address.
cal-sub-app-apple = Apple Calendar (iPhone, iPad, Mac): tap "Subscribe with my calendar app", or File, New Calendar Subscription, and paste the webcal address.
cal-sub-app-thunderbird = Thunderbird: New Calendar, On the Network; paste the web address.
cal-add-to-calendar = Add to my calendar (.ics)
cal-item-public = Public
cal-item-internal = Internal
cal-item-make-public = Make public
cal-item-make-internal = Make internal
cal-item-visibility = Who sees this item
cal-item-public-label = Public: shown to everyone
cal-item-public-note = Otherwise only the Centre's staff see it.
cal-body-title = Forum body
cal-body-hint = Matched from the title when imported; your choice is kept when the calendar is imported again.
cal-import-intro-upload = Upload an .ics file or paste its content. Every event is imported, or none if one cannot be read; recurring sessions become one meeting per occurrence.
cal-import-file = iCalendar file (.ics)
cal-import-file-hint = At most { $mb } MB. A file takes precedence over pasted text.
cal-import-paste-hint = Or paste the content of the file here.
cal-import-options = Options
cal-import-cancel = Back to the calendar
cal-import-too-big = the file { $file } is larger than { $mb } MB
cal-import-not-utf8 = the file { $file } is not UTF-8 text (line { $line })
cal-import-empty = choose a file or paste its content
