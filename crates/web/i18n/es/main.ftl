# Interfaz web de southdesk — español.
# Cada identificador de mensaje existe también en zh/, en/ y fr/, con el mismo sentido.

## Marco de las páginas

site-name = southdesk
site-tagline = Centro del Sur · Programa de Trabajo Temático
page-title = { $page } · southdesk
meta-description = El programa de trabajo temático del Centro del Sur: áreas temáticas, objetivos, modalidades de trabajo y programas a cargo de cada área.
skip-link = Ir al contenido principal
nav-label = Navegación principal
nav-overview = Panorama general
nav-versions = Versiones del programa
nav-tag = Analizar un texto
nav-api = Datos abiertos
lang-switcher-label = Idioma
footer-about = El Centro del Sur es el centro de pensamiento intergubernamental de los países en desarrollo dedicado a la investigación sobre políticas, con sede en Ginebra.
footer-open-data = El programa de trabajo también se publica como datos abiertos.

## Panorama general

home-adopted-on = Aprobado el { $date }
home-intro = Las áreas temáticas del programa, los objetivos a los que sirven, las modalidades de trabajo y los programas a cargo de cada área.
home-stats-label = El programa en cifras
home-stats-areas =
    { $count ->
        [one] { $count } área temática
       *[other] { $count } áreas temáticas
    }
home-stats-programmes =
    { $count ->
        [one] { $count } programa
       *[other] { $count } programas
    }
home-stats-cross-cutting =
    { $count ->
        [one] { $count } área transversal
       *[other] { $count } áreas transversales
    }
home-areas-heading = Áreas temáticas
home-objectives-heading = Objetivos
home-objectives-intro = Cada área temática sirve a los cuatro objetivos del programa.
home-modes-heading = Modalidades de trabajo
home-modes-intro = El Centro trabaja de cuatro maneras complementarias.
home-matrix-heading = Programas y áreas temáticas
home-matrix-intro = Qué programa dirige cada área temática y qué programas la apoyan. Las áreas a cargo de dos o más programas son transversales.
matrix-caption = Áreas temáticas (filas) y programas a cargo de ellas (columnas)
matrix-area-column = Área temática
legend-heading = Leyenda
legend-lead = Dirige el área
legend-supporting = Apoya el área
legend-cross-cutting = Área transversal, a cargo de dos o más programas

## Áreas temáticas

area-number = Área { $number }
role-lead = Dirige
role-supporting = Apoya
badge-cross-cutting = Transversal
card-more-topics =
    { $count ->
        [one] y { $count } más
       *[other] y { $count } más
    }
label-topics = Temas
label-lead-programme = Programa principal
label-supporting-programmes = Programas de apoyo
area-forums-heading = Foros y procesos
area-programmes-heading = Programas
area-objectives-heading = Objetivos a los que sirve
area-objectives-intro = Como todas las áreas del programa, esta área sirve a sus cuatro objetivos.
area-no-topics = No se indica ningún tema para esta área.
area-no-forums = No se menciona ningún foro en particular para esta área.
area-no-supporting = Ninguno: el programa principal se encarga solo de esta área.
area-pager-label = Otras áreas temáticas
area-previous = Área anterior
area-next = Área siguiente
area-json = Datos de esta área (JSON)

## Versiones del programa

versions-title = Versiones del programa
versions-intro = Todas las versiones del programa de trabajo que se conservan: borradores, la versión vigente y las versiones a las que sustituyó.
versions-caption = Versiones guardadas, de la más reciente a la más antigua
versions-col-label = Versión
versions-col-period = Período
versions-col-status = Estado
versions-col-adopted = Aprobada el
versions-col-areas = Áreas temáticas
versions-col-data = Datos
versions-not-adopted = No aprobada
versions-empty = Todavía no se ha guardado ninguna versión del programa.
status-draft = Borrador
status-adopted = Vigente
status-superseded = Sustituida

## Datos abiertos

api-title = Datos abiertos
api-intro = El programa de trabajo se publica como datos abiertos en formato JSON. Todos los textos están en chino, español, francés e inglés, y no se necesita ninguna clave.
api-endpoints-heading = Direcciones
api-col-address = Dirección
api-col-content = Contenido
api-ep-plan = El programa vigente: áreas temáticas, objetivos, modalidades de trabajo, programas y foros.
api-ep-theme = Un área temática, indicada por su identificador.
api-ep-versions = Las versiones guardadas del programa.
api-ep-version = Una versión del programa con todo su contenido.
api-ep-tag = Etiqueta un texto con las áreas temáticas y los Objetivos de Desarrollo Sostenible de los que trata, y los indicios.
api-ep-health = Si el servicio y su base de datos funcionan.
api-docs-heading = Documentación
api-docs-text = La documentación interactiva permite probar cada dirección desde el navegador; está en inglés.
api-docs-link = Abrir la documentación interactiva
api-spec-link = Descargar la descripción OpenAPI
api-errors-heading = Errores
api-errors-text = Un error se indica con un código de estado HTTP y un cuerpo JSON que contiene un código estable y un mensaje, por ejemplo:

## Errores y páginas vacías

notfound-title = Página no encontrada
notfound-text = No hay ninguna página en esta dirección. Puede que el enlace tenga un error o que la página se haya trasladado.
notfound-area-text = El programa vigente no tiene ningún área temática con este identificador.
notfound-home = Ir al panorama general
noplan-title = Ningún programa vigente
noplan-text = Todavía no se ha aprobado ningún programa de trabajo. Cuando se apruebe una versión, sus áreas temáticas aparecerán aquí.
noplan-versions = Ver las versiones guardadas
error-title = Servicio no disponible
error-text = Los datos no están disponibles en este momento. Vuelva a intentarlo en unos instantes.

## Fechas

date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Página de análisis

tag-title = Analizar un texto
tag-intro = Pegue un texto — una declaración, un proyecto de decisión, un artículo — para saber de qué áreas temáticas del programa de trabajo y de qué Objetivos de Desarrollo Sostenible trata, y qué palabras lo indican.
tag-text-label = Texto que analizar
tag-text-placeholder = Pegue aquí el texto
tag-file-label = O cargue un archivo de texto (.txt, .md)
tag-file-hint = También puede soltar un archivo sobre el cuadro de texto. Su navegador lee el archivo, que solo se envía al enviar el formulario.
tag-file-loaded = El archivo se ha cargado en el cuadro de texto.
tag-file-wrong-type = Solo se pueden cargar archivos de texto (.txt, .md).
tag-file-too-large = Este archivo supera 1 MB; cargue un extracto más corto.
tag-file-unreadable = No se pudo leer el archivo.
tag-all-label = Mostrar también los candidatos más débiles
tag-submit = Analizar el texto
tag-error-empty = No hay ningún texto que analizar. Pegue un texto o cargue un archivo.
tag-error-too-large = El texto supera 1 MB. Analice un extracto más corto.
tag-error-bad-form = No se pudo leer el formulario. Inténtelo de nuevo.
tag-error-failed = No se pudo analizar el texto. Inténtelo de nuevo en unos momentos.
tag-result-title = Etiquetas del texto
tag-result-intro = Las áreas temáticas y los Objetivos de Desarrollo Sostenible encontrados en el texto, de mayor a menor intensidad, con las palabras que los señalan.
tag-themes-heading = Áreas temáticas encontradas
tag-no-themes = No se encontró ninguna área temática en este texto.
tag-sdgs-heading = Objetivos de Desarrollo Sostenible encontrados
tag-no-sdgs = No se encontró ningún objetivo en este texto.
tag-sdg-number = ODS { $goal }
tag-sdg-label = ODS { $goal }: { $name }
tag-candidate = Candidato
tag-score-label = Grado de confianza
tag-score-value = { $percent } %
tag-evidence-label = Indicios en el texto
tag-features-label = Rasgos más fuertes del modelo aprendido
tag-source-vocabulary = vocabulario
tag-source-query = consulta { $query }
tag-text-heading = El texto, con los indicios resaltados
tag-again = Analizar otro texto

## Objetivos de Desarrollo Sostenible (nombres cortos)

sdg-1 = Fin de la pobreza
sdg-2 = Hambre cero
sdg-3 = Salud y bienestar
sdg-4 = Educación de calidad
sdg-5 = Igualdad de género
sdg-6 = Agua limpia y saneamiento
sdg-7 = Energía asequible y no contaminante
sdg-8 = Trabajo decente y crecimiento económico
sdg-9 = Industria, innovación e infraestructura
sdg-10 = Reducción de las desigualdades
sdg-11 = Ciudades y comunidades sostenibles
sdg-12 = Producción y consumo responsables
sdg-13 = Acción por el clima
sdg-14 = Vida submarina
sdg-15 = Vida de ecosistemas terrestres
sdg-16 = Paz, justicia e instituciones sólidas
sdg-17 = Alianzas para lograr los objetivos

## Cuentas, inicio de sesión, administración

nav-login = Iniciar sesión
nav-logout = Cerrar sesión
nav-admin-users = Cuentas
forbidden-title = Acceso denegado
forbidden-text = Su cuenta no permite abrir esta página ni realizar esta acción.
csrf-title = El formulario ha caducado
csrf-text = El formulario se envió sin su código de seguridad, o con uno antiguo. Vuelva atrás, recargue la página y envíelo de nuevo.
toolarge-title = El formulario es demasiado grande
toolarge-text = Lo que envió supera los { $mb } MB que admite este formulario. No se guardó nada. Vuelva atrás, reduzca los archivos o el texto y envíelo de nuevo.
timeout-title = El envío del formulario se interrumpió
timeout-text = Su navegador no envió nada durante { $seconds ->
        [one] { $seconds } segundo
       *[other] { $seconds } segundos
    } mientras enviaba el formulario, por lo que no se guardó. Compruebe su conexión, vuelva atrás y envíelo de nuevo.
login-title = Iniciar sesión
login-email = Correo electrónico
login-password = Contraseña
login-submit = Entrar
login-failed = Correo electrónico o contraseña incorrectos.
login-throttled = Demasiados intentos fallidos. Espere un cuarto de hora antes de volver a intentarlo.
account-title = Su cuenta
account-name = Nombre
account-email = Correo electrónico
account-role = Función
account-binding = Programa, Estado miembro o grupo
account-role-admin = Administrador
account-role-management = Dirección
account-role-coordinator = Coordinador de programa
account-role-staff = Personal
account-role-delegate = Delegado
account-role-board = Miembro de la Junta
account-role-council = Miembro del Consejo de Representantes
account-role-public = Público
account-password-heading = Cambiar la contraseña
account-password-current = Contraseña actual
account-password-new = Nueva contraseña (al menos 12 caracteres)
account-password-confirm = Nueva contraseña otra vez
account-password-submit = Cambiar la contraseña
account-password-wrong = La contraseña actual es incorrecta.
account-password-mismatch = Las dos contraseñas nuevas no coinciden.
account-password-changed = Su contraseña ha cambiado. Sus demás sesiones se han cerrado.
password-too-short = La contraseña debe tener al menos 12 caracteres.
tokens-heading = Claves de acceso a la API
tokens-intro = Una clave personal permite que los programas usen la API en su nombre: envíela en la cabecera «Authorization: Bearer» seguida de la clave. Revoque las claves que ya no use.
tokens-created = Clave «{ $name }» creada. Cópiela ahora: no se volverá a mostrar.
tokens-none = No tiene ninguna clave.
tokens-caption = Sus claves de acceso
tokens-col-name = Nombre de la clave
tokens-col-prefix = Comienza por
tokens-col-created = Creada
tokens-col-used = Último uso
tokens-col-state = Estado
tokens-never-used = Nunca
tokens-revoked = Revocada
tokens-revoke = Revocar
tokens-name = Nombre de la nueva clave
tokens-create = Crear una clave
tokens-name-missing = Dé un nombre a la clave (100 caracteres como máximo).
admin-users-title = Cuentas
admin-users-caption = Cuentas de la oficina, por correo electrónico
admin-col-state = Estado
admin-col-actions = Acciones
admin-state-active = Activa
admin-state-disabled = Desactivada
admin-disable = Desactivar
admin-enable = Reactivar
admin-reset-label = Nueva contraseña
admin-reset-submit = Asignar la contraseña
admin-add-heading = Añadir una cuenta
admin-programme = Programa (coordinadores)
admin-member = Estado miembro (delegados)
admin-group = Grupo (delegados)
admin-none = Ninguno
admin-password = Contraseña (al menos 12 caracteres)
admin-add-submit = Añadir la cuenta
admin-error-role = Elija una función.
admin-error-binding = Un coordinador necesita un programa, un delegado un solo Estado miembro o grupo, y las demás funciones ninguno.
admin-error-programme = Ese programa no existe en el plan vigente.
admin-error-member = Ese Estado miembro no existe.
admin-error-group = Ese grupo no existe.
admin-error-email = Indique un correo electrónico válido.
admin-error-taken = Ya existe una cuenta con ese correo electrónico.

## Calendario de negociaciones (crates/web/src/pages/meetings.rs)
cal-nav = Calendario
cal-title = Calendario de negociaciones
cal-intro = Las reuniones de los foros en los que el Centro sigue las negociaciones, con lo que prepara para cada una.
cal-view-list = Lista
cal-view-month = Mes
cal-view-next = Los próximos 30 días en mis temas
cal-views-label = Vistas del calendario
cal-add = Añadir una reunión
cal-empty = Ninguna reunión en este período.
cal-subscribe = Suscribirse en su aplicación de calendario
cal-feed-all = Todas las reuniones del calendario del Centro del Sur
cal-feed-theme = Reuniones sobre { $name }
cal-feed-forum = Reuniones de { $name }
cal-feed-programme = Reuniones de los temas de { $name }
cal-subscribe-hint = Pegue esta dirección en su aplicación de calendario para seguir las reuniones y sus cambios.
cal-col-when = Cuándo
cal-col-meeting = Reunión
cal-col-forum = Foro
cal-col-status = Estado
cal-status-planned = Prevista
cal-status-confirmed = Confirmada
cal-status-postponed = Aplazada
cal-status-cancelled = Cancelada
cal-status-held = Celebrada
cal-role-statement = Declaración
cal-role-side-event = Evento paralelo
cal-role-briefing = Sesión informativa
cal-role-delegations-supported = Apoyo a las delegaciones
cal-all-day = todo el día
cal-online = En línea
cal-venue = Lugar
cal-languages = Idiomas
cal-themes = Temas
cal-forum = Foro
cal-agenda = Orden del día
cal-roles = Papel del Centro
cal-time-zone = Huso horario
cal-prepared = Preparado
cal-still-asked = Todavía pedido
cal-nothing-prepared = Todavía no hay nada preparado.
cal-nothing-asked = Ya no se pide nada.
cal-checklist = Lista de preparación
cal-checklist-add = Añadir a la lista
cal-checklist-item = Nuevo elemento
cal-mark-done = Marcar como hecho
cal-mark-open = Marcar como pendiente
cal-link-request = Solicitud n.º { $id }
cal-link-output = Publicación n.º { $id }
cal-link-add = Vincular una solicitud o una publicación
cal-link-kind = Tipo
cal-link-kind-request = Solicitud
cal-link-kind-output = Publicación
cal-link-id = Número
cal-link-submit = Vincular
cal-link-missing = No existe ninguna solicitud ni publicación con este número.
cal-change-status = Cambiar el estado
cal-save = Guardar
cal-my-themes = Mis temas
cal-my-themes-pick = Elegir los temas que seguir
cal-my-themes-none = Elija temas para ver sus reuniones.
cal-my-themes-programme = Los temas de su programa.
cal-timeline-title = Reuniones sobre { $theme }
cal-timeline-past = Reuniones pasadas
cal-timeline-upcoming = Próximas reuniones
cal-month-prev = Mes anterior
cal-month-next = Mes siguiente
cal-new-title = Añadir una reunión
cal-field-title = Título
cal-field-body = Órgano del foro
cal-field-none = Ninguno
cal-field-start = Inicio (hora local)
cal-field-end = Fin (hora local)
cal-field-tz = Huso horario (nombre IANA, por ejemplo Europe/Zurich)
cal-field-venue = Lugar
cal-field-online = Dirección de la reunión en línea
cal-field-languages = Idiomas (por ejemplo en, fr, es)
cal-field-agenda = Orden del día
cal-field-status = Estado
cal-field-roles = Papel del Centro
cal-field-themes = Temas (además de los encontrados en el título y el orden del día)
cal-field-checklist = Lista de preparación (un elemento por línea)
cal-create = Añadir la reunión
cal-error-title = Dé un título a la reunión.
cal-error-time = Indique el inicio y el fin con fecha y hora (2026-03-10T10:00).
cal-error-invalid = No se puede registrar la reunión: { $reason }
cal-notfound = No existe esa reunión.
cal-day-1 = lun.
cal-day-2 = mar.
cal-day-3 = mié.
cal-day-4 = jue.
cal-day-5 = vie.
cal-day-6 = sáb.
cal-day-7 = dom.
cal-import = Importar un archivo iCalendar
cal-import-title = Importar reuniones desde un archivo iCalendar
cal-import-intro = Pegue el contenido de un archivo .ics. Se importan todos los eventos, o ninguno si uno no se puede leer; las sesiones periódicas se convierten en una reunión por cada ocurrencia.
cal-import-field = Contenido del archivo .ics
cal-import-submit = Importar las reuniones
cal-import-failed = No se importó nada: { $reason }
cal-import-update = Actualizar las reuniones que ya están en el calendario (mismo UID): sus fechas, estado y detalles siguen el archivo; los roles, la lista de control y los temas del Centro se mantienen.
cal-import-synced = Importado: { $added } nuevas, { $updated } actualizadas, { $unchanged } sin cambios.
cal-import-see = Ver el calendario

## Base de conocimientos (crates/web/src/kb)
kb-nav = Publicaciones
kb-title = Publicaciones y trabajos
kb-search-label = Buscar en los trabajos
kb-search-placeholder = Palabras, "frases exactas", en cualquier idioma
kb-search-button = Buscar
kb-facets-label = Afinar los resultados
kb-results-count =
    { $count ->
        [one] Un resultado
       *[other] { $count } resultados
    }
kb-no-results = No hay coincidencias. Pruebe otras palabras o quite un filtro.
kb-hit-language = Idioma de esta versión
kb-pages-label = Páginas de resultados
kb-prev = Anterior
kb-next = Siguiente
kb-page-of = Página { $page } de { $pages }
kb-export = Citar o exportar:
kb-feed-link = Seguir estos trabajos (canal Atom)
kb-feed-all = Trabajos del Centro del Sur
kb-theme-outputs-title = Trabajos sobre { $theme }
kb-series-outputs-title = { $series }
kb-programme-outputs-title = Trabajos de { $programme }
kb-new = Añadir un trabajo
kb-new-title = Añadir un trabajo
kb-edit = Editar
kb-edit-title = Editar el trabajo
kb-create = Añadir el trabajo
kb-save = Guardar y confirmar los temas y los ODS
kb-create-help = Una vez añadido, el etiquetador propone temas y ODS con sus indicios; luego usted los confirma o los cambia.
kb-upload-title = Subir un documento
kb-upload-help = Un archivo PDF, DOCX, HTML, Markdown o de texto de { $mb } MB como máximo. Su texto, título e idioma se leen del archivo; el etiquetador propone luego temas y ODS, que usted confirma en la página siguiente.
kb-upload-file = Archivo
kb-upload-button = Subir y leer
kb-upload-failed = El documento no se añadió
kb-upload-failed-text = No se guardó nada.
kb-upload-no-file = Elija un archivo para subir.
kb-upload-duplicate = Este archivo ya está en el catálogo.
kb-tags-help = Marcados: los temas y los ODS en que se clasifica el trabajo. Todo cambio respecto de la propuesta se conserva para mejorar el etiquetador.
kb-tags-unconfirmed = Los temas y los ODS los propuso el etiquetador y el personal aún no los ha confirmado.
kb-proposed = Propuestos por el etiquetador
kb-evidence = indicios:
kb-full-text = Texto completo
kb-back-to-list = Volver a los trabajos
kb-form-errors = Corrija lo siguiente:
kb-form-record = El trabajo
kb-form-version = Versión en { $language }
kb-authors-help = Un autor por línea. Para un autor ajeno al Centro, añada | y su institución.
kb-countries-help = Códigos ISO de tres letras, separados por comas (BRA, IND).
kb-error-title = No se puede mostrar
kb-error-format = No existe el formato de exportación «{ $format }». Use bibtex, ris, csljson o csv.
kb-error-search = La búsqueda falló. Inténtelo de nuevo más tarde.
kb-error-field = { $field }: { $problem }
kb-notfound = Ese trabajo no existe, o usted no puede verlo.
kb-notfound-file = Ese archivo no existe, o usted no puede verlo.
kb-notfound-theme = Esa área temática no existe.
kb-notfound-programme = Ese programa no existe.
kb-problem-required = este dato es obligatorio
kb-problem-invalid = este valor no se puede usar
kb-problem-duplicate = este valor aparece dos veces
kb-problem-unknown = este valor no figura en el programa de trabajo
kb-problem-too-long = este texto es demasiado largo
kb-problem-series-required = un número requiere una serie
kb-problem-taken = esta serie y este número ya se usan
kb-field-type = Tipo
kb-field-series = Serie
kb-field-number = Número
kb-field-date = Fecha
kb-field-visibility = Visibilidad
kb-field-authors = Autores
kb-field-countries = Países
kb-field-meetings = Reuniones (números)
kb-field-programmes = Programas
kb-field-forums = Foros
kb-field-themes = Temas
kb-field-sdgs = Objetivos de Desarrollo Sostenible
kb-field-languages = Idiomas
kb-field-title = Título
kb-field-abstract = Resumen
kb-field-body = Texto completo
kb-field-file = Archivo
kb-field-record = El trabajo
kb-visibility-public = Público
kb-visibility-internal = Interno
kb-visibility-confidential = Confidencial
kb-facet-type = Tipo
kb-facet-series = Serie
kb-facet-theme = Tema
kb-facet-sdg = ODS
kb-facet-programme = Programa
kb-facet-forum = Foro
kb-facet-year = Año
kb-facet-language = Idioma
kb-facet-country = País
kb-type-research-paper = Documento de investigación
kb-type-policy-brief = Informe de políticas
kb-type-southviews = SouthViews
kb-type-tax-cooperation-policy-brief = Informe de políticas sobre cooperación tributaria
kb-type-climate-policy-brief = Informe de políticas sobre el clima
kb-type-statement = Declaración
kb-type-submission = Contribución escrita
kb-type-analytical-note = Nota analítica
kb-type-book = Libro
kb-type-meeting-report = Informe de reunión
kb-type-training = Formación
kb-type-side-event = Evento paralelo
kb-type-advisory-note = Nota de asesoramiento
kb-type-document = Documento

# ---- mesa de solicitudes (req-)
req-nav = Solicitudes
req-queue-title = Mis solicitudes pendientes
req-queue-empty = No hay solicitudes aquí.
req-new-link = Presentar una solicitud
req-overdue-title = Solicitudes atrasadas
req-inbox-title = Avisos
req-inbox-empty = Nada nuevo.
req-col-number = N.º
req-col-title = Asunto
req-col-requester = Solicitante
req-col-status = Estado
req-col-received = Recibida el
req-col-ack-due = Acusar recibo antes del
req-col-deadline = Plazo
req-overdue = atrasada
req-new-title = Presentar una solicitud
req-field-requester = En nombre de
req-field-channel = Recibida por
req-field-title = Asunto
req-field-text = Lo que se pide
req-field-contact = Persona de contacto
req-field-lang = Idioma de la solicitud
req-field-mode = Tipo de apoyo
req-field-forum = Foro
req-field-meeting = Reunión a la que sirve
req-field-deadline = Para el
req-field-confidential = Confidencial
req-field-attachments = Archivos adjuntos
req-submit = Enviar la solicitud
req-nothing-stored = No se guardó nada.
req-stored = La solicitud { $id } está guardada con todo su contenido. Se le informará de cada paso.
req-done = El cambio está registrado.
req-refused-title = La mesa no puede hacer esto
req-not-found = Esa solicitud no existe.
req-number = Solicitud { $id }
req-yes = Sí
req-declined-because = Rechazada
req-routing = Orientación
req-out-of-plan = Ningún tema del programa cubre esta solicitud: se anota para la próxima modificación del programa.
req-themes = Temas
req-lead = Programa responsable
req-supporting = Programas de apoyo
req-sdgs = Objetivos de Desarrollo Sostenible
req-sdg = Objetivo { $goal }
req-assignees = Asignada a
req-nobody = Nadie todavía
req-someone = Un colega
req-evidence = Por qué se propusieron estos temas
req-triage-heading = Confirmar los temas
req-triage-submit = Confirmar la orientación
req-assign-heading = Asignar a
req-assign-submit = Asignar
req-decline-heading = Rechazar por este motivo
req-decline-note = Explicación para el solicitante
req-decline-submit = Rechazar la solicitud
req-status-heading = Hacer avanzar la solicitud:
req-links = Respuestas
req-no-links = Todavía no hay publicación ni reunión vinculada.
req-link-target = Número de la publicación
req-link-submit = Vincular la publicación
req-comments = Comentarios
req-comment-label = Su comentario
req-comment-internal = Interno (solo la Secretaría)
req-comment-submit = Añadir el comentario
req-history = Historial
req-member-title = Solicitudes de { $name }
req-programme-title = Solicitudes para { $programme }
req-stats-total = Solicitudes hechas
req-stats-open = Abiertas
req-stats-delivered = Atendidas
req-stats-declined = Rechazadas
req-stats-ack = Media de días hábiles hasta el acuse de recibo
req-stats-deliver = Media de días hábiles hasta la respuesta
req-stats-late = Acuses de recibo tardíos
req-mark-read = Marcar como leído
req-status-received = Recibida
req-status-triaged = Orientada
req-status-assigned = Asignada
req-status-in-progress = En curso
req-status-delivered = Entregada
req-status-closed = Cerrada
req-status-declined = Rechazada
req-channel-web = Formulario en línea
req-channel-api = Interfaz de programación
req-channel-email = Correo electrónico
req-channel-meeting = En una reunión
req-reason-outside-mandate = Fuera del mandato del Centro
req-reason-no-capacity = Sin capacidad por ahora
req-link-output = Publicación
req-link-meeting = Reunión
req-event-received = recibió la solicitud
req-event-triaged = confirmó la orientación
req-event-assigned = asignó la solicitud
req-event-status = cambió el estado
req-event-comment = comentó
req-event-linked = vinculó una respuesta
req-inbox-received = Se recibió la solicitud { $id }
req-inbox-assigned = Se le asignó la solicitud { $id }
req-inbox-status = La solicitud { $id } avanzó
req-inbox-comment = La solicitud { $id } tiene un comentario nuevo
req-inbox-overdue = La solicitud { $id } está atrasada
req-error-no-title = Indique el asunto de la solicitud.
req-error-title-too-long = El asunto es demasiado largo (300 caracteres como máximo).
req-error-no-text = Diga lo que se pide.
req-error-text-too-large = El texto es demasiado largo (64 KB como máximo).
req-error-field-too-long = Un campo es demasiado largo (300 caracteres como máximo).
req-error-no-contact = Indique una persona de contacto.
req-error-unknown-member = Ese Estado miembro no existe.
req-error-unknown-group = Ese grupo no existe.
req-error-deadline-in-past = El plazo ya pasó.
req-error-too-many-attachments = Cinco archivos adjuntos como máximo.
req-error-attachment-too-large = Un archivo adjunto es demasiado grande (4 MB como máximo).
req-error-bad-attachment = Un archivo adjunto está vacío o no tiene nombre.
req-error-invalid-date = La fecha no es válida.
req-error-invalid-mode = Elija un tipo de apoyo.
req-error-no-requester = Indique en nombre de quién se hace la solicitud.
req-error-bad-comment = El comentario está vacío o es demasiado largo.
req-error-invalid-assignee = Elija colegas de la Secretaría.
req-error-unknown-output = No hay ninguna publicación con ese número.
req-error-unknown-meeting = No hay ninguna reunión con ese número.
req-error-no-reason = Dé un motivo y una explicación.
req-error-unknown-programme = Ese programa no existe en el plan.
req-error-lead-also-supports = El programa responsable no puede ser también de apoyo.
req-error-no-lead = Los programas de apoyo necesitan un programa responsable.
req-error-conflict = La solicitud avanzó entretanto: este paso ya no se aplica.
req-error-other = No se pudo leer la solicitud.

## Correos de notificación: primero el idioma de la solicitud, luego los otros tres.
mail-received-subject = Solicitud recibida: { $title }
mail-received-body = Su solicitud «{ $title }» en nombre de { $requester } se recibió el { $date }. El Centro del Sur acusará recibo en un plazo de { $days } días hábiles.
mail-assigned-subject = Solicitud n.º { $id } asignada a usted: { $title }
mail-assigned-body = La solicitud n.º { $id } «{ $title }» de { $requester } se le ha asignado.
mail-status-subject = Solicitud n.º { $id } ahora «{ $status }»: { $title }
mail-status-body = La solicitud n.º { $id } «{ $title }» de { $requester } está ahora: { $status }.
mail-acknowledged-subject = Acuse de recibo de la solicitud n.º { $id }: { $title }
mail-acknowledged-body = Se acusó recibo de la solicitud n.º { $id } «{ $title }» de { $requester } y se remitió a los programas que la atenderán.
mail-comment-subject = Nuevo comentario en la solicitud n.º { $id }: { $title }
mail-comment-body = La solicitud n.º { $id } «{ $title }» de { $requester } tiene un nuevo comentario. Inicie sesión en el servicio de solicitudes para leerlo.
mail-overdue-subject = Solicitud n.º { $id } con retraso: { $title }
mail-overdue-body = La solicitud n.º { $id } «{ $title }» de { $requester } ha superado su fecha de acuse de recibo o de entrega.

## Knowledge base search: the other languages an output matched in (followed by their names)
kb-hit-also-in = También en
kb-empty-title = El catálogo está vacío
kb-empty-text = Aún no se ha publicado ninguna publicación. Vuelva pronto, o siga el canal para enterarse de la primera.
kb-empty-text-staff = Todavía no hay publicaciones. Añada la primera, o cargue una carpeta de documentos con `southdesk ingest`.
kb-past-last-title = Esa página no existe
kb-past-last-text = Esta lista tiene menos páginas de las que pide la dirección.
kb-past-last-link = Ir a la primera página
kb-no-results-title = No hay coincidencias

## El área como centro del trabajo que se hace en ella
area-work-heading = El trabajo en esta área
area-stat-outputs = Publicaciones
area-stat-open-requests = Solicitudes abiertas
area-stat-meetings = Próximas reuniones
area-recent-heading = Últimas publicaciones
area-recent-empty = Aún no hay publicaciones de esta área.
area-all-outputs = Todas las publicaciones
area-all-outputs-of = Todas las publicaciones de esta área
area-cited-heading = Las más citadas
area-cited-empty = Ninguna publicación de esta área se ha citado aún en respuesta a una solicitud o para una reunión.
area-cited-times = { $count ->
    [one] citada una vez
   *[other] citada { $count } veces
 }
area-meetings-heading = Próximas reuniones
area-meetings-empty = No hay reuniones previstas en esta área.
area-meetings-all = El calendario de esta área
area-requests-heading = Solicitudes
area-requests-count = { $count ->
    [0] No hay solicitudes abiertas sobre esta área.
    [one] Hay una solicitud abierta sobre esta área.
   *[other] Hay { $count } solicitudes abiertas sobre esta área.
 }
area-requests-all = Las solicitudes de esta área en el despacho
area-sdgs-heading = Los ODS que toca este trabajo
area-sdgs-empty = Ninguna publicación de esta área tiene aún un ODS.
area-sdg-outputs = { $count ->
    [one] 1 publicación
   *[other] { $count } publicaciones
 }
area-feeds-heading = Seguir esta área
area-feed-atom = Nuevas publicaciones (canal Atom)
area-feed-webcal = Suscribirse a sus reuniones en su aplicación de calendario
area-feed-ics = Dirección de su canal de calendario, para pegar en una aplicación de calendario

## Cambiar de una vez quién puede leer varias publicaciones (la lista)
kb-bulk-to = Hacer las publicaciones marcadas
kb-bulk-apply = Aplicar
kb-bulk-pick = Marcar «{ $title }»
kb-bulk-done = { $count ->
    [0] Ninguna publicación cambió: las marcadas ya tenían la visibilidad «{ $to }».
    [one] Una publicación tiene ahora la visibilidad «{ $to }».
   *[other] { $count } publicaciones tienen ahora la visibilidad «{ $to }».
 }
kb-bulk-error-title = Visibilidad sin cambios
kb-bulk-bad-to = Elija quién puede leer las publicaciones: públicas, internas o confidenciales.
kb-bulk-bad-id = «{ $value }» no es un número de publicación; no se cambió nada.
kb-bulk-none = Marque al menos una publicación de la lista y elija quién puede leerla.
kb-bulk-too-many = Solo se pueden cambiar { $max } publicaciones a la vez; no se cambió nada.
kb-bulk-gone = La publicación { $id } no existe (o ya no existe); no se cambió nada.

## Un carácter NUL en un formulario o una dirección
nul-title = No se guardó: un campo contiene un carácter NUL
nul-text = Uno de los campos enviados (o la dirección) contiene un carácter NUL (U+0000), que no se puede guardar. No se cambió nada. Elimínelo —suele venir de un texto pegado desde otro programa— y vuelva a enviar.

## Por qué no se pudo leer un archivo subido
kb-upload-err-too-large = El archivo supera los { $mb } MB.
kb-upload-err-unsupported = Este tipo de archivo no se lee: suba un archivo PDF, DOCX, HTML, Markdown o de texto.
kb-upload-err-encrypted = El PDF está protegido con contraseña: guarde una copia sin protección y súbala.
kb-upload-err-damaged = El archivo está dañado o no es lo que su nombre indica, y no se pudo leer.
kb-upload-err-bomb = El archivo se descomprime en mucho más de lo que pesa (una posible bomba de descompresión), por lo que no se abrió.
kb-upload-err-no-text = No se encontró texto en el archivo (¿un PDF escaneado sin capa de texto? páselo antes por OCR).
kb-upload-err-binary = El archivo tiene nombre de texto pero contiene datos binarios.

## Tras registrar una solicitud que no se puede abrir
req-logged = La solicitud n.º { $id } está registrada y dirigida a su programa, que acusará recibo; podrá abrirla cuando se le asigne. Puede registrar otra a continuación.
