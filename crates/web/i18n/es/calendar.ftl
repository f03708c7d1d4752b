# El calendario de negociaciones (incidencia 11): enlaces de suscripción,
# archivo por reunión, puntos de preparación públicos o internos, órgano, importación.

cal-sub-intro = Siga estas reuniones en su propio calendario: se actualiza solo cuando las reuniones cambian.
cal-sub-webcal = Dirección de calendario (webcal)
cal-sub-webcal-hint = Abre directamente su aplicación de calendario, en un teléfono o un ordenador.
cal-sub-open = Suscribirme con mi aplicación de calendario
cal-sub-web = Dirección web (https)
cal-sub-web-hint = Copie esta dirección en un calendario que pida una URL.
cal-sub-download = Descargar el archivo .ics
cal-sub-apps = Cómo suscribirse en su aplicación de calendario
cal-sub-app-google = Google Calendar: Otros calendarios, +, Desde URL; pegue la dirección web.
cal-sub-app-outlook = Outlook: Agregar calendario, Suscribirse desde la web; pegue la dirección web.
cal-sub-app-apple = Calendario de Apple (iPhone, iPad, Mac): toque «Suscribirme con mi aplicación de calendario», o Archivo, Nueva suscripción a calendario, y pegue la dirección webcal.
cal-sub-app-thunderbird = Thunderbird: Nuevo calendario, En la red; pegue la dirección web.
cal-add-to-calendar = Añadir a mi calendario (.ics)
cal-item-public = Público
cal-item-internal = Interno
cal-item-make-public = Hacer público
cal-item-make-internal = Hacer interno
cal-item-visibility = Quién ve este punto
cal-item-public-label = Público: visible para todos
cal-item-public-note = De lo contrario, solo lo ve el personal del Centro.
cal-body-title = Órgano del foro
cal-body-hint = Reconocido a partir del título al importar; su elección se mantiene cuando el calendario se vuelve a importar.
cal-import-intro-upload = Suba un archivo .ics o pegue su contenido. Se importan todos los eventos, o ninguno si uno no se puede leer; las sesiones periódicas se convierten en una reunión por ocurrencia.
cal-import-file = Archivo iCalendar (.ics)
cal-import-file-hint = Como máximo { $mb } MB. Un archivo tiene prioridad sobre el texto pegado.
cal-import-paste-hint = O pegue aquí el contenido del archivo.
cal-import-options = Opciones
cal-import-cancel = Volver al calendario
cal-import-too-big = el archivo { $file } supera los { $mb } MB
cal-import-not-utf8 = el archivo { $file } no es texto UTF-8 (línea { $line })
cal-import-empty = elija un archivo o pegue su contenido
