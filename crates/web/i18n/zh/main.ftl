# southdesk 网页界面 — 中文。
# 此处每个消息标识符在 en/、fr/ 和 es/ 中均有同义条目。

## 页面框架

site-name = southdesk
site-tagline = 南方中心 · 主题工作计划
page-title = { $page } · southdesk
meta-description = 南方中心主题工作计划：主题领域、目标、工作方式以及承担各领域的项目。
skip-link = 跳到主要内容
nav-label = 主导航
nav-overview = 概览
nav-versions = 计划版本
nav-tag = 文本标注
nav-api = 开放数据
lang-switcher-label = 语言
footer-about = 南方中心是发展中国家的政府间政策研究智库，总部设在日内瓦。
footer-open-data = 本工作计划也以开放数据形式发布。

## 概览页

home-adopted-on = { $date }通过
home-intro = 本计划的各主题领域、各领域服务的目标、工作方式，以及承担各领域的项目。
home-stats-label = 计划概况
home-stats-areas = { $count } 个主题领域
home-stats-programmes = { $count } 个项目
home-stats-cross-cutting = { $count } 个跨领域主题
home-areas-heading = 主题领域
home-objectives-heading = 目标
home-objectives-intro = 每个主题领域都服务于本计划的四项目标。
home-modes-heading = 工作方式
home-modes-intro = 南方中心以四种相辅相成的方式开展工作。
home-matrix-heading = 项目与主题领域
home-matrix-intro = 各主题领域由哪个项目牵头、由哪些项目提供支持。由两个或以上项目共同承担的领域为跨领域主题。
matrix-caption = 主题领域（行）及承担这些领域的项目（列）
matrix-area-column = 主题领域
legend-heading = 图例
legend-lead = 牵头该领域
legend-supporting = 支持该领域
legend-cross-cutting = 跨领域主题，由两个或以上项目共同承担

## 主题领域

area-number = 领域 { $number }
role-lead = 牵头
role-supporting = 支持
badge-cross-cutting = 跨领域
card-more-topics = 另有 { $count } 项
label-topics = 议题
label-lead-programme = 牵头项目
label-supporting-programmes = 支持项目
area-forums-heading = 论坛与进程
area-programmes-heading = 项目
area-objectives-heading = 服务的目标
area-objectives-intro = 与本计划的其他领域一样，本领域服务于计划的四项目标。
area-no-topics = 本领域未列出具体议题。
area-no-forums = 本领域未指明特定论坛。
area-no-supporting = 无：本领域由牵头项目单独承担。
area-pager-label = 其他主题领域
area-previous = 上一个领域
area-next = 下一个领域
area-json = 本领域数据（JSON）
breadcrumb-label = 当前位置

## 计划版本

versions-title = 计划版本
versions-intro = 本系统保存的工作计划各版本：草案、现行版本以及被其取代的旧版本。
versions-caption = 已保存的版本，由新到旧排列
versions-col-label = 版本
versions-col-period = 期间
versions-col-status = 状态
versions-col-adopted = 通过日期
versions-col-areas = 主题领域
versions-col-data = 数据
versions-not-adopted = 未通过
versions-empty = 尚未保存任何计划版本。
status-draft = 草案
status-adopted = 现行
status-superseded = 已被取代

## 开放数据页

api-title = 开放数据
api-intro = 本工作计划以 JSON 格式作为开放数据发布。所有文本均提供中文、英文、法文和西班牙文版本，无需密钥即可使用。
api-endpoints-heading = 访问地址
api-col-address = 地址
api-col-content = 内容
api-ep-plan = 现行计划：主题领域、目标、工作方式、项目和论坛。
api-ep-theme = 按标识符获取单个主题领域。
api-ep-versions = 已保存的计划版本。
api-ep-version = 单个计划版本及其全部内容。
api-ep-tag = 为一段文本标注其涉及的主题领域和可持续发展目标，并给出依据。
api-ep-health = 服务及其数据库是否正常运行。
api-docs-heading = 文档
api-docs-text = 交互式文档可让您在浏览器中试用每个地址；该文档为英文。
api-docs-link = 打开交互式文档
api-spec-link = 下载 OpenAPI 描述文件
api-errors-heading = 错误
api-errors-text = 出错时会返回 HTTP 状态码和 JSON 正文，其中包含固定的错误代码和说明，例如：

## 错误与空白状态

notfound-title = 未找到页面
notfound-text = 此地址没有页面。链接可能有误，或页面已经移动。
notfound-area-text = 现行计划中没有使用此标识符的主题领域。
notfound-home = 返回概览
noplan-title = 暂无现行计划
noplan-text = 本系统尚无已通过的工作计划。版本一经通过，其主题领域即会显示在此。
noplan-versions = 查看已保存的版本
error-title = 服务暂不可用
error-text = 系统暂时无法读取数据，请稍后再试。

## 日期

date-long = { $year }年{ $month-number }月{ $day }日
month-1 = 一月
month-2 = 二月
month-3 = 三月
month-4 = 四月
month-5 = 五月
month-6 = 六月
month-7 = 七月
month-8 = 八月
month-9 = 九月
month-10 = 十月
month-11 = 十一月
month-12 = 十二月

## 文本标注页面

tag-title = 文本标注
tag-intro = 粘贴一段文本（声明、决定草案、文章等），即可查看它涉及工作方案的哪些主题领域和哪些可持续发展目标，以及表明这一点的词语。
tag-text-label = 待标注的文本
tag-text-placeholder = 在此粘贴文本
tag-file-label = 或载入文本文件（.txt、.md）
tag-file-hint = 也可以把文件拖放到文本框中。文件由您的浏览器读取，提交表单时才会发送。
tag-file-loaded = 文件已载入文本框。
tag-file-wrong-type = 只能载入文本文件（.txt、.md）。
tag-file-too-large = 此文件超过 1 MB，请载入较短的节选。
tag-file-unreadable = 无法读取该文件。
tag-all-label = 同时显示较弱的候选项
tag-submit = 标注文本
tag-error-empty = 没有可标注的文本。请先粘贴文本或载入文件。
tag-error-too-large = 文本超过 1 MB。请标注较短的节选。
tag-error-bad-form = 无法读取表单，请重试。
tag-error-failed = 无法标注该文本，请稍后重试。
tag-result-title = 文本的标注结果
tag-result-intro = 文本中找到的主题领域和可持续发展目标，按强度从高到低排列，并列出指向它们的词语。
tag-themes-heading = 找到的主题领域
tag-no-themes = 此文本中未找到任何主题领域。
tag-sdgs-heading = 找到的可持续发展目标
tag-no-sdgs = 此文本中未找到任何目标。
tag-sdg-number = 目标{ $goal }
tag-sdg-label = 目标{ $goal }：{ $name }
tag-candidate = 候选
tag-score-label = 置信度
tag-score-value = { $percent }%
tag-evidence-label = 文本中的依据
tag-features-label = 学习模型中最强的特征
tag-source-vocabulary = 词表
tag-source-query = 检索式 { $query }
tag-text-heading = 文本（依据已高亮显示）
tag-again = 标注另一段文本

## 可持续发展目标（简称）

sdg-1 = 无贫穷
sdg-2 = 零饥饿
sdg-3 = 良好健康与福祉
sdg-4 = 优质教育
sdg-5 = 性别平等
sdg-6 = 清洁饮水和卫生设施
sdg-7 = 经济适用的清洁能源
sdg-8 = 体面工作和经济增长
sdg-9 = 产业、创新和基础设施
sdg-10 = 减少不平等
sdg-11 = 可持续城市和社区
sdg-12 = 负责任消费和生产
sdg-13 = 气候行动
sdg-14 = 水下生物
sdg-15 = 陆地生物
sdg-16 = 和平、正义与强大机构
sdg-17 = 促进目标实现的伙伴关系

## 账户、登录、管理

nav-login = 登录
nav-logout = 退出登录
nav-admin-users = 账户管理
forbidden-title = 无权访问
forbidden-text = 您的账户无权打开此页面或执行此操作。
csrf-title = 表单已过期
csrf-text = 表单提交时缺少安全令牌，或令牌已过期。请返回并刷新页面后重新提交。
login-title = 登录
login-email = 电子邮箱
login-password = 密码
login-submit = 登录
login-forgot = 忘记密码？请联系本平台的管理员为您设置新密码。
login-failed = 电子邮箱或密码错误。
login-throttled = 失败次数过多。请等待一刻钟后再试。
account-title = 我的账户
account-name = 姓名
account-email = 电子邮箱
account-role = 角色
account-binding = 项目、成员国或集团
account-role-admin = 管理员
account-role-management = 管理层
account-role-coordinator = 项目协调员
account-role-staff = 工作人员
account-role-delegate = 代表
account-role-board = 理事会成员
account-role-council = 代表理事会成员
account-role-public = 公众
account-password-heading = 修改密码
account-password-current = 当前密码
account-password-new = 新密码（至少 12 个字符）
account-password-confirm = 再次输入新密码
account-password-submit = 修改密码
account-password-wrong = 当前密码不正确。
account-password-mismatch = 两次输入的新密码不一致。
account-password-changed = 密码已修改。您的其他会话均已结束。
password-too-short = 密码至少需要 12 个字符。
tokens-heading = API 令牌
tokens-intro = 个人令牌可让程序以您的名义使用 API：在请求头中发送 “Authorization: Bearer” 及令牌。不再使用的令牌请撤销。
tokens-created = 已创建令牌“{ $name }”。请立即复制：它不会再次显示。
tokens-none = 您还没有令牌。
tokens-caption = 您的 API 令牌
tokens-col-name = 令牌名称
tokens-col-prefix = 开头
tokens-col-created = 创建日期
tokens-col-used = 最近使用
tokens-col-state = 状态
tokens-never-used = 从未使用
tokens-revoked = 已撤销
tokens-revoke = 撤销
tokens-name = 新令牌的名称
tokens-create = 创建令牌
tokens-name-missing = 请为令牌命名（最多 100 个字符）。
admin-users-title = 账户管理
admin-users-caption = 本平台的账户，按电子邮箱排序
admin-col-state = 状态
admin-col-actions = 操作
admin-state-active = 启用
admin-state-disabled = 已停用
admin-disable = 停用
admin-enable = 重新启用
admin-reset-label = 新密码
admin-reset-submit = 设置密码
admin-add-heading = 添加账户
admin-programme = 项目（协调员）
admin-member = 成员国（代表）
admin-group = 集团（代表）
admin-none = 无
admin-password = 密码（至少 12 个字符）
admin-add-submit = 添加账户
admin-error-role = 请选择角色。
admin-error-binding = 协调员须对应一个项目，代表须对应唯一的成员国或集团，其他角色不对应任何一项。
admin-error-programme = 现行计划中没有该项目。
admin-error-member = 没有该成员国。
admin-error-group = 没有该集团。
admin-error-email = 请填写有效的电子邮箱。
admin-error-taken = 该电子邮箱已有账户。
