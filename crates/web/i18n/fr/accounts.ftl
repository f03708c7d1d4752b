accounts-forgot-link = Mot de passe oublié ?
accounts-forgot-title = Mot de passe oublié
accounts-forgot-intro = Indiquez l’adresse électronique de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe.
accounts-forgot-submit = Envoyer le lien
accounts-forgot-sent = Si un compte existe pour cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne sert qu’une fois, dans les 60 minutes.
accounts-back-to-login = Retour à la connexion
accounts-reset-title = Choisir un nouveau mot de passe
accounts-reset-for = Pour le compte { $email }.
accounts-reset-new = Nouveau mot de passe
accounts-reset-hint = Au moins { $min } caractères.
accounts-reset-confirm = Nouveau mot de passe, à nouveau
accounts-reset-submit = Enregistrer le mot de passe
accounts-reset-invalid = Ce lien ne peut pas servir : il a déjà été utilisé, il a expiré ou il ne vient pas de nous. Demandez-en un nouveau.
accounts-reset-again = Demander un nouveau lien
accounts-reset-done = Votre mot de passe est enregistré. Connectez-vous avec lui.
accounts-reset-mail-subject = Nouveau mot de passe pour le bureau du Centre Sud
accounts-reset-mail-body =
    Quelqu’un, sans doute vous, a demandé un nouveau mot de passe pour le compte { $email } du bureau du programme de travail du Centre Sud. Ouvrez ce lien dans les 60 minutes pour le choisir ; il ne sert qu’une fois :
    { $link }
    Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.
accounts-unlock = Débloquer
accounts-unlocked = Le compte { $email } est débloqué : il peut se connecter de nouveau dès maintenant.
accounts-state-locked = Bloqué après des échecs de connexion
