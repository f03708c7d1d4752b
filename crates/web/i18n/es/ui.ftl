# The design system's own words (app::ui).
ui-pager-label = Páginas
ui-pager-prev = Anterior
ui-pager-next = Siguiente
ui-pager-where = Página { $page } de { $pages }
ui-breadcrumb-label = Usted está aquí
ui-home = Inicio
nav-start = Mi página de inicio
nav-account = Mi cuenta
nav-unread = { $count ->
    [one] 1 aviso sin leer
   *[other] { $count } avisos sin leer
    }
nav-search-label = Buscar en southdesk
nav-search-placeholder = Publicaciones, reuniones…
nav-search-button = Buscar
