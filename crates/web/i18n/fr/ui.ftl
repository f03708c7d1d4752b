# The design system's own words (app::ui).
ui-pager-label = Pages
ui-pager-prev = Précédente
ui-pager-next = Suivante
ui-pager-where = Page { $page } sur { $pages }
ui-breadcrumb-label = Vous êtes ici
ui-home = Accueil
nav-start = Ma page d’accueil
nav-account = Mon compte
nav-unread = { $count ->
    [one] 1 avis non lu
   *[other] { $count } avis non lus
    }
nav-search-label = Rechercher dans southdesk
nav-search-placeholder = Publications, réunions…
nav-search-button = Rechercher
