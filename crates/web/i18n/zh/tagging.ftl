# 文本标注页（/tag）与开放数据页（/api）：为第 11 号议题新增的消息。

tag-text-hint = 可用中文、英文、法文或西班牙文，最多 1 MB。也可以把文本文件拖放到文本框中。
tag-options-legend = 选项
tag-clear = 清空表单
tag-again-heading = 修改文本并重新标注
tag-terms-label = 学习模型中权重最大的文本词语

api-group-plan = 工作方案
api-group-outputs = 成果与检索
api-group-meetings = 会议与日历
api-group-atom = Atom 订阅源
api-group-oai = OAI-PMH 元数据收割
api-group-tag = 文本标注
api-group-other = 其他地址
api-group-service = 服务状态
api-ep-outputs = 南方中心已发布的成果，按时间由新到旧排列，附主题、可持续发展目标和文件。
api-ep-output = 按编号获取单项成果。
api-ep-search = 以四种语言对成果进行全文检索，并提供分面统计。
api-ep-meetings = 谈判日历中的会议，按开始时间排列。
api-ep-meeting = 按编号获取单个会议。
api-ep-organisations = 中心合作的机构：各语言名称、类型、国家、IATI 类型（不含任何个人信息）。
api-ep-ics-all = 全部会议日历，iCalendar 格式。
api-ep-ics-theme = 某一主题领域的会议，iCalendar 格式。
api-ep-ics-forum = 某一谈判机构的会议，iCalendar 格式。
api-ep-ics-programme = 某一项目的会议，iCalendar 格式。
api-ep-atom-outputs = 最新成果的 Atom 订阅源。
api-ep-atom-theme = 某一主题领域最新成果的 Atom 订阅源（例如 trade.atom）。
api-ep-atom-series = 某一系列最新成果的 Atom 订阅源。
api-ep-oai = 面向收割程序的成果目录，采用 OAI-PMH 2.0 与都柏林核心元数据。
api-ep-openapi = JSON 地址的 OpenAPI 描述文件。
