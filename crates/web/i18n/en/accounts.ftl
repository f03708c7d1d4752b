accounts-forgot-link = Forgot your password?
accounts-forgot-title = Forgotten password
accounts-forgot-intro = Give the email address of your account and we will send it a link to set a new password.
accounts-forgot-submit = Send the link
accounts-forgot-sent = If an account exists for this address, we have sent it a link to set a new password. The link works once, within 60 minutes.
accounts-back-to-login = Back to logging in
accounts-reset-title = Set a new password
accounts-reset-for = For the account { $email }.
accounts-reset-new = New password
accounts-reset-hint = At least { $min } characters.
accounts-reset-confirm = New password again
accounts-reset-submit = Set the password
accounts-reset-invalid = This link cannot be used: it has already been used, it has expired, or it is not one we sent. Ask for a new one.
accounts-reset-again = Ask for a new link
accounts-reset-done = Your password has been set. Log in with it.
accounts-reset-mail-subject = Set a new password for the South Centre desk
accounts-reset-mail-body =
    Someone, probably you, asked to set a new password for the account { $email } on the South Centre's work-programme desk. Open this link within 60 minutes to choose one; it works once:
    { $link }
    If you did not ask, ignore this email: your password stays as it is.
accounts-unlock = Unlock
accounts-unlocked = The account { $email } is unlocked: it can log in again at once.
accounts-state-locked = Locked after failed logins
