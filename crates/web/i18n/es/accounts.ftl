accounts-forgot-link = ¿Olvidó su contraseña?
accounts-forgot-title = Contraseña olvidada
accounts-forgot-intro = Indique la dirección de correo electrónico de su cuenta y le enviaremos un enlace para elegir una contraseña nueva.
accounts-forgot-submit = Enviar el enlace
accounts-forgot-sent = Si existe una cuenta con esta dirección, le hemos enviado un enlace para elegir una contraseña nueva. El enlace sirve una sola vez, durante 60 minutos.
accounts-back-to-login = Volver a iniciar sesión
accounts-reset-title = Elegir una contraseña nueva
accounts-reset-for = Para la cuenta { $email }.
accounts-reset-new = Contraseña nueva
accounts-reset-hint = Al menos { $min } caracteres.
accounts-reset-confirm = Contraseña nueva, otra vez
accounts-reset-submit = Guardar la contraseña
accounts-reset-invalid = Este enlace no se puede usar: ya se usó, ha caducado o no lo enviamos nosotros. Pida uno nuevo.
accounts-reset-again = Pedir un enlace nuevo
accounts-reset-done = Su contraseña se ha guardado. Inicie sesión con ella.
accounts-reset-mail-subject = Contraseña nueva para la oficina del Centro del Sur
accounts-reset-mail-body =
    Alguien, probablemente usted, pidió una contraseña nueva para la cuenta { $email } en la oficina del programa de trabajo del Centro del Sur. Abra este enlace en los próximos 60 minutos para elegirla; sirve una sola vez:
    { $link }
    Si no lo pidió, ignore este mensaje: su contraseña no cambia.
accounts-unlock = Desbloquear
accounts-unlocked = La cuenta { $email } está desbloqueada: puede iniciar sesión de nuevo enseguida.
accounts-state-locked = Bloqueada tras intentos fallidos
