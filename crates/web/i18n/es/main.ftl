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
breadcrumb-label = Usted está aquí

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
login-title = Iniciar sesión
login-email = Correo electrónico
login-password = Contraseña
login-submit = Entrar
login-forgot = ¿Ha olvidado su contraseña? Pida a un administrador de la oficina que le asigne una nueva.
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
