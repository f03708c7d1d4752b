# The design system's own words (app::ui).
ui-pager-label = Pages
ui-pager-prev = Previous
ui-pager-next = Next
ui-pager-where = Page { $page } of { $pages }
ui-breadcrumb-label = You are here
ui-home = Home
nav-start = My start page
nav-account = My account
nav-unread = { $count ->
    [one] 1 unread notice
   *[other] { $count } unread notices
    }
nav-search-label = Search southdesk
nav-search-placeholder = Search outputs, meetings…
nav-search-button = Search
