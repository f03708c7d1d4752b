accounts-forgot-link = 忘记密码？
accounts-forgot-title = 忘记密码
accounts-forgot-intro = 请填写您账户的电子邮件地址，我们将向该地址发送设置新密码的链接。
accounts-forgot-submit = 发送链接
accounts-forgot-sent = 如果该地址有对应的账户，我们已向其发送设置新密码的链接。该链接只能使用一次，60 分钟内有效。
accounts-back-to-login = 返回登录
accounts-reset-title = 设置新密码
accounts-reset-for = 账户：{ $email }。
accounts-reset-new = 新密码
accounts-reset-hint = 至少 { $min } 个字符。
accounts-reset-confirm = 再次输入新密码
accounts-reset-submit = 保存密码
accounts-reset-invalid = 此链接无法使用：它已被使用、已过期，或并非由我们发送。请重新申请。
accounts-reset-again = 重新申请链接
accounts-reset-done = 您的密码已设置，请用新密码登录。
accounts-reset-mail-subject = 为南方中心工作台设置新密码
accounts-reset-mail-body =
    有人（很可能是您本人）申请为南方中心工作计划工作台上的账户 { $email } 设置新密码。请在 60 分钟内打开以下链接设置新密码；该链接只能使用一次：
    { $link }
    如果您没有提出申请，请忽略本邮件：您的密码保持不变。
accounts-unlock = 解除锁定
accounts-unlocked = 账户 { $email } 已解除锁定，可立即重新登录。
accounts-state-locked = 因登录失败已锁定
