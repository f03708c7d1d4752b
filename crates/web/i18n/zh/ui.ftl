# The design system's own words (app::ui).
ui-pager-label = 分页
ui-pager-prev = 上一页
ui-pager-next = 下一页
ui-pager-where = 第 { $page } 页，共 { $pages } 页
ui-breadcrumb-label = 当前位置
ui-home = 首页
nav-start = 我的首页
nav-account = 我的账户
nav-unread = { $count } 条未读通知
nav-search-label = 在 southdesk 中搜索
nav-search-placeholder = 搜索成果、会议……
nav-search-button = 搜索
