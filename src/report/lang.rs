//! The council report's languages: every user-visible string of the report in one typed
//! catalogue per language (a key missing in one language does not compile, and a test checks
//! that both fill the same placeholders), and numbers and money in each language's
//! convention: nl-BE `€ 1.234.567` and `12,5%`, English `EUR 1,234,567` and `12.5%`.
//!
//! The Dutch terms are those of Flemish local government: netto contante waarde (NCW),
//! terugverdienjaar, exploitatie, investering, meerjarenplan, voltijds equivalent (VTE),
//! beheersovereenkomst, interlokale vereniging, projectvereniging, dienstverlenende en
//! opdrachthoudende vereniging, gemeente, OCMW.

use serde::Serialize;

/// A language of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch (Flanders), the default for a council.
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The catalogue of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }
    /// This language's name of a scenario entry (its `name_nl` or `name_en`), where the file
    /// gives one; the report shows it instead of `name` ([`crate::scenario::Loaded::named`]).
    pub fn pick(self, names: &crate::scenario::Names) -> Option<&String> {
        match self {
            Lang::Nl => names.nl.as_ref(),
            Lang::En => names.en.as_ref(),
        }
    }
    /// The `lang` attribute of the HTML document.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl-BE",
            Lang::En => "en",
        }
    }
    /// A whole number with this language's thousands separator.
    pub fn int(self, x: f64) -> String {
        let sep = match self {
            Lang::Nl => '.',
            Lang::En => ',',
        };
        crate::format::grouped(x, sep)
    }
    /// Money, whole euro: `€ 1.234.567` or `EUR 1,234,567`.
    pub fn money(self, x: f64) -> String {
        match self {
            Lang::Nl => format!("€ {}", self.int(x)),
            Lang::En => format!("EUR {}", self.int(x)),
        }
    }
    /// A number with `decimals` decimals and this language's decimal mark.
    pub fn decimal(self, x: f64, decimals: usize) -> String {
        // `+ 0.0` turns -0.0 into 0.0; a value that rounds to zero from below keeps its sign.
        let text = format!("{:.*}", decimals, x + 0.0);
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let whole = self.int(whole.parse::<f64>().unwrap_or(0.0));
        let mark = match self {
            Lang::Nl => ",",
            Lang::En => ".",
        };
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{mark}{frac}")
        }
    }
    /// A percentage with one decimal: `12,5%` or `12.5%`.
    pub fn percent(self, x: f64) -> String {
        format!("{}%", self.decimal(x, 1))
    }
}

/// Fills `{name}` placeholders of a catalogue string.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

macro_rules! catalogue {
    ($($key:ident),* $(,)?) => {
        /// Every string of the report, one field per key.
        #[derive(Debug)]
        pub struct Texts {
            $(
                #[allow(missing_docs)]
                pub $key: &'static str,
            )*
        }

        impl Texts {
            /// (key, text) of every entry, for the completeness test.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

catalogue!(
    title,
    subtitle,
    status_optimal,
    status_optimal_capacity,
    status_not_proven,
    advice,
    advice_share,
    advice_provider,
    from_year,
    advice_saving,
    advice_partner_saving,
    advice_partner_pays_more,
    advice_nothing,
    advice_nothing_capacity,
    in_house,
    in_house_rule,
    in_house_no_gain,
    in_house_priority,
    partners,
    partner_summary,
    payback,
    payback_none,
    meerjarenplan,
    year,
    alone,
    plan,
    exploitatie,
    investering,
    saving,
    saving_pct,
    own_fte,
    transferred_fte,
    residual_row,
    entry_costs,
    group,
    start,
    integration,
    setup_share,
    domain_shares,
    npv,
    steps,
    steps_intro,
    step_decision,
    step_setup,
    step_lockin,
    step_start,
    step_join,
    step_provider_start,
    at_provider,
    step_transfer,
    alternatives,
    alternatives_none,
    variant,
    description,
    groups_count,
    infeasible,
    scale,
    scale_intro,
    max_group_size,
    per_inhabitant,
    split,
    split_intro,
    cooperation,
    members,
    bill,
    cost_alone,
    share,
    in_core_yes,
    in_core_no,
    in_core_unknown,
    map,
    risk,
    risk_absent,
    risk_skipped,
    left_out_region,
    left_out_beyond,
    left_out_split,
    left_out_scale,
    risk_intro,
    risk_partner_intro,
    risk_saves_in,
    risk_median,
    risk_tornado_intro,
    risk_tornado_chart,
    risk_tornado_axis,
    risk_break_even,
    risk_break_even_intro,
    risk_input,
    risk_range,
    risk_stops_saving,
    risk_plan_changes,
    risk_none,
    risk_robust,
    risk_recommended,
    risk_alternative,
    risk_ranked,
    risk_plan_differs,
    risk_inputs_intro,
    risk_distribution,
    risk_how,
    risk_factor,
    risk_value,
    risk_source,
    assumptions,
    assumptions_intro,
    parameter,
    value,
    unit,
    source,
    not_priced,
    not_priced_but_scored,
    method,
    method_text,
    glossary,
    glossary_text,
    cumulative_saving,
    total,
    sheet_summary,
    sheet_groups,
    sheet_partners,
    sheet_years,
    sheet_split,
    sheet_alternatives,
    partner,
    domain,
    form,
    status,
    pooled_volume,
    u_years,
    u_per_year,
    u_share,
    renewal_spread,
    u_euro_per_fte_year,
    u_euro_per_km_year,
    distance_per_vehicle,
    distance_per_domain,
    u_euro_per_year,
    u_euro_per_unit_year,
    u_euro_once,
    st_time_limit,
    st_gap_limit,
    st_restricted,
    st_heuristic,
    st_gap,
    map_caption,
    map_footer,
    map_site,
    map_no_site,
    map_legend,
    map_caption_provider,
    map_provider,
    map_more,
    scale_chart,
    staff_check,
    staff_intro,
    fte_need,
    fte_declared,
    fte_gap_cost,
    criteria,
    criteria_intro,
    capacity,
    capacity_intro,
    capacity_guard_year,
    capacity_guard_horizon,
    capacity_freed,
    capacity_freed_fte,
    capacity_note,
    criterion,
    criteria_plan,
    criteria_alone,
    criteria_min,
    criteria_forms,
    criteria_value,
    criteria_none,
    criteria_weights,
);

/// Dutch (Flanders).
pub static NL: Texts = Texts {
    title: "Samenwerking rond ICT: analyse en advies",
    subtitle: "Scenario: {scenario}. Bedragen in euro van {base_year}, netto contante waarde (NCW) over {horizon} jaar tegen {rate}.",
    status_optimal: "Het plan is het goedkoopste dat de regels van het scenario toelaten (bewezen optimaal).",
    status_optimal_capacity: "Het plan maakt de meeste ICT-capaciteit vrij die de regels van het scenario toelaten, zonder dat een partner meer betaalt dan alleen (bewezen optimaal); het is niet noodzakelijk het goedkoopste.",
    status_not_proven: "Het plan is het beste dat binnen de rekentijd gevonden werd ({status}); een beter plan is niet uitgesloten.",
    advice: "Advies",
    advice_share: "{members}: deel {domains} als {form}.",
    advice_provider: "{members}: sluit aan bij {form} voor {domains}.",
    from_year: "{domain} vanaf {year}",
    advice_saving: "Samen kost de ICT van de partners {plan} (NCW) in plaats van {alone} als elk alleen blijft: een besparing van {saving} ({pct}). Het plan is terugverdiend in {payback}.",
    advice_partner_saving: "{partner} betaalt {plan} in plaats van {alone} en bespaart {saving} ({pct}).",
    advice_partner_pays_more: "{partner} betaalt {plan} in plaats van {alone}: {extra} meer dan alleen; een billijke verdeling (hieronder) compenseert dat.",
    advice_nothing: "Geen enkele samenwerking is goedkoper dan alleen blijven: het advies is dat elke partner zijn ICT zelf blijft organiseren.",
    advice_nothing_capacity: "Geen enkele samenwerking maakt capaciteit vrij zonder dat een partner meer betaalt dan alleen: het advies is dat elke partner zijn ICT zelf blijft organiseren.",
    in_house: "Wat in eigen beheer blijft, en waarom",
    in_house_rule: "{domain} blijft bij {partner} in eigen beheer: dat legt het scenario op.",
    in_house_no_gain: "{domain} wordt niet gedeeld: samen doen levert in dit scenario niets op.",
    in_house_priority: "Prioriteit van de domeinen (wat delen van elk domein toevoegt aan de besparing): {list}.",
    partners: "Per partner",
    partner_summary: "NCW alleen {alone}, met het plan {plan}; besparing {saving} ({pct}). Terugverdienjaar: {payback}.",
    payback: "Terugverdienjaar",
    payback_none: "geen",
    meerjarenplan: "Meerjarenplan: wat de partner per jaar betaalt",
    year: "Jaar",
    alone: "Alleen",
    plan: "Met het plan",
    exploitatie: "exploitatie",
    investering: "investering",
    saving: "Besparing",
    saving_pct: "Besparing (%)",
    own_fte: "Eigen VTE",
    transferred_fte: "Overgedragen VTE",
    residual_row: "restwaarde",
    entry_costs: "Eenmalige instapkosten",
    group: "Samenwerking",
    start: "Start",
    integration: "Integratie (migratie)",
    setup_share: "Aandeel in de oprichting (betaald in {year})",
    domain_shares: "Wat de partner per gedeeld domein betaalt (NCW, ook de jaren alleen vóór de start)",
    npv: "NCW",
    steps: "Stappenplan",
    steps_intro: "De beslissingen en gebeurtenissen die het plan inhoudt, in de tijd.",
    step_decision: "Beslissing van de gemeenteraden en OCMW-raden over de samenwerkingen: {vehicle}",
    step_setup: "{vehicle} operationeel (doorlooptijd {years} jaar)",
    step_lockin: "Lopend contract van {partner} voor {domain} loopt af",
    step_start: "Start {domain}: {members} ({form})",
    step_join: "Beslissing van {members} om aan te sluiten bij {form}",
    step_provider_start: "Start {domain}: {members} bij {form}",
    at_provider: "{members} bij {form}",
    step_transfer: "Personeel overgedragen naar de samenwerkingen (VTE): {list}",
    alternatives: "Alternatieven naast elkaar",
    alternatives_none: "Het scenario beschrijft geen alternatieven.",
    variant: "Variant",
    description: "Omschrijving",
    groups_count: "Samenwerkingen",
    infeasible: "onhaalbaar",
    scale: "Schaal",
    scale_intro: "Het optimum naargelang de grootste toegelaten groep: waar schaal ophoudt te lonen.",
    max_group_size: "Grootste groep",
    per_inhabitant: "Per inwoner per jaar",
    split: "Billijke verdeling",
    split_intro: "Elke samenwerking verdeelt haar eigen factuur ({method}); een partner in geen enkele samenwerking betaalt wat hij alleen zou betalen. De bedragen in het advies en per partner zijn wat elke partner betaalt zoals de kosten vallen (eigen personeel, aandeel in elke samenwerking naar volume); de billijke verdeling herschikt de factuur van een samenwerking tussen haar leden: het verschil is een verrekening tussen hen, het totaal blijft gelijk.",
    cooperation: "Samenwerking",
    members: "Leden",
    bill: "Factuur (NCW)",
    cost_alone: "Kost alleen",
    share: "Aandeel",
    in_core_yes: "Stabiel: geen enkele deelgroep van de leden zou alleen goedkoper uit zijn (de verdeling ligt in de kern).",
    in_core_no: "Niet stabiel: een deelgroep van de leden zou alleen goedkoper uit zijn; herbekijk de verdeling of de samenwerking.",
    in_core_unknown: "Stabiliteit niet getoetst (te veel leden voor een exacte berekening).",
    map: "Kaart",
    risk: "Risico en gevoeligheid",
    risk_absent: "Het scenario bevat geen onzekere invoer; deze analyse is niet uitgevoerd.",
    risk_skipped: "Gebruik `samen risk` en `samen sensitivity` (op een groot scenario met `--time-limit`) voor deze analyse.",
    left_out_region: "Voor een regio is deze analyse niet in het rapport opgenomen: ze vraagt te veel herberekeningen.",
    left_out_beyond: "Deze analyse is niet in het rapport opgenomen: het scenario is te groot om elke variant met de standaardsolver in redelijke tijd opnieuw te berekenen. Met HiGHS (een samen gebouwd met de `highs`-functie, `--solver auto`) wordt ze wel opgenomen.",
    left_out_split: "Gebruik `samen allocate` voor de verdeling van de kosten per samenwerking.",
    left_out_scale: "Gebruik `samen scale` en `samen priorities` voor de schaalcurve en de prioriteit van de domeinen.",
    risk_intro: "{draws} trekkingen van de {inputs} onzekere invoergrootheden van het scenario (zaad {seed}), telkens doorgerekend met dezelfde kostencode als het plan. In {p} van de trekkingen kost het aanbevolen plan minder dan ieder alleen. De besparing (NCW): mediaan {p50}, 5e percentiel {p5}, 95e percentiel {p95}; gemiddeld over de slechtste 5% van de trekkingen {worst}.",
    risk_partner_intro: "Per partner: wat hij met het plan bespaart tegenover alleen (NCW), over dezelfde trekkingen.",
    risk_saves_in: "Bespaart in",
    risk_median: "Mediaan",
    risk_tornado_intro: "Elke onzekere invoer apart aan de uiteinden van zijn bereik (P5 en P95 bij een normale of lognormale verdeling), de andere zoals geschreven: de besparing van het aanbevolen plan. De breedste balk is de invoer waar het advies het meest van afhangt.",
    risk_tornado_chart: "Besparing (NCW) met elke invoer aan de uiteinden van zijn bereik",
    risk_tornado_axis: "besparing tegenover ieder alleen, EUR (rood: invoer laag; blauw: hoog; zwart: zoals geschreven)",
    risk_break_even: "Omslagpunten",
    risk_break_even_intro: "Per invoer de waarde, het dichtst bij die van het scenario, waar de besparing van het plan van teken wisselt (het plan niet meer bespaart), en waar een ander plan het beste wordt (gevonden door herberekening, tot op de aangegeven marge).",
    risk_input: "Onzekere invoer",
    risk_range: "Bereik",
    risk_stops_saving: "Besparing wisselt van teken bij",
    risk_plan_changes: "Beste plan verandert bij",
    risk_none: "niet binnen het bereik",
    risk_robust: "Robuuste keuze onder de kandidaat-plannen (het aanbevolen plan, de volgende beste plannen en de optima van de alternatieven), over dezelfde trekkingen: op verwachte kost {npv}; op de slechtste 5% van de trekkingen {shortfall}; op de grootste spijt {regret}.",
    risk_recommended: "het aanbevolen plan",
    risk_alternative: "het plan van het alternatief ‘{name}’ (tegen de cijfers van het scenario)",
    risk_ranked: "het plan dat {rank}e is in kost zoals geschreven",
    risk_plan_differs: "{plan} verschilt van het aanbevolen plan: het voegt toe {added}; het laat weg {dropped}.",
    risk_inputs_intro: "De onzekere invoer zoals het scenario ze beschrijft. Een factor vermenigvuldigt de waarden zoals geschreven (1 = zoals geschreven).",
    risk_distribution: "Verdeling",
    risk_how: "Als",
    risk_factor: "factor",
    risk_value: "waarde",
    risk_source: "Bron",
    assumptions: "Veronderstellingen",
    assumptions_intro: "De invoer waar het resultaat van afhangt, zoals in het scenario geschreven.",
    parameter: "Parameter",
    value: "Waarde",
    unit: "Eenheid",
    source: "Bron of toelichting",
    not_priced: "Niet in de cijfers: vertrouwen tussen de partners, lokale autonomie, politieke keuzes en de kwaliteit van de dienstverlening. Die weegt de raad zelf af.",
    not_priced_but_scored: "Niet in de euro's: vertrouwen tussen de partners, politieke keuzes en wat de criteria hierboven niet scoren. De criteria zelf zijn een oordeel van de raad, geen meting.",
    method: "Methode",
    method_text: "samen zoekt met een gemengd-geheeltallig lineair programma het goedkoopste plan: welke partners welk ICT-domein delen, in welke rechtsvorm en vanaf wanneer, met de lopende contracten, de schaalcurves, de personeelsregels (natuurlijk verloop en overdracht, geen gedwongen ontslagen) en de regels van het scenario. Elk plan wordt daarna jaar per jaar doorgerekend; die cijfers staan in dit rapport.",
    glossary: "Begrippen",
    glossary_text: "NCW (netto contante waarde): de som van alle uitgaven over de horizon, verdisconteerd naar het basisjaar; lager is beter. Terugverdienjaar: het eerste jaar vanaf wanneer de samengetelde verdisconteerde besparing niet meer negatief wordt. Exploitatie: lopende kosten (aankopen, personeel, coördinatie, bestuur). Investering: aankopen van uitrusting, integratie en oprichting, min de restwaarde. VTE: voltijds equivalent. Beheersovereenkomst: samenwerking zonder rechtspersoon. Interlokale vereniging: samenwerking zonder rechtspersoonlijkheid met een beheerscomité. Projectvereniging, dienstverlenende en opdrachthoudende vereniging: intergemeentelijke verenigingen met rechtspersoonlijkheid.",
    cumulative_saving: "Samengetelde verdisconteerde besparing",
    total: "Totaal",
    sheet_summary: "Samenvatting",
    sheet_groups: "Samenwerkingen",
    sheet_partners: "Partners",
    sheet_years: "Meerjarenplan",
    sheet_split: "Verdeling",
    sheet_alternatives: "Alternatieven",
    partner: "Partner",
    domain: "Domein",
    form: "Rechtsvorm",
    status: "Status",
    pooled_volume: "Gebundeld volume (basisjaar)",
    u_years: "jaar",
    u_per_year: "per jaar",
    u_share: "aandeel van de boekwaarde",
    renewal_spread: "gespreid over de levensduur (elk jaar een deel)",
    u_euro_per_fte_year: "euro per VTE per jaar",
    u_euro_per_km_year: "euro per km per lid per jaar",
    distance_per_vehicle: "eenmaal per samenwerkingsverband en locatie",
    distance_per_domain: "per gedeeld domein",
    u_euro_per_year: "euro per jaar",
    u_euro_per_unit_year: "euro per eenheid per jaar",
    u_euro_once: "euro, eenmalig",
    st_time_limit: "de rekentijd was om",
    st_gap_limit: "binnen de gevraagde afstand tot het optimum",
    st_restricted: "optimaal binnen de plannen die de regioformulering bekijkt",
    st_heuristic: "gevonden met de clusterheuristiek en niet bewezen optimaal: de standaardsolver sluit een model van deze omvang niet, en zonder ondergrens is de afstand tot het beste plan onbekend",
    st_gap: "het plan kost hoogstens {gap} meer dan het beste denkbare",
    map_caption: "{domain}: {groups} samenwerking(en), {alone} alleen",
    map_footer: "{scenario}: bolletjes gekleurd per samenwerking, grijs = alleen, vierkant = de plaats van de dienst; equirechthoekige projectie",
    map_site: "dienst bij {partner}",
    map_no_site: "geen plaats binnen de afstandsgrens",
    map_legend: "{form} ({members} leden), {site}",
    map_caption_provider: "{domain}: {groups} samenwerking(en), {providers} bij een bestaande aanbieder, {alone} alleen",
    map_provider: "{form}: {partner} sluit aan",
    map_more: "... en nog {count} samenwerking(en)",
    scale_chart: "Kost per inwoner per jaar, naar de grootste toegelaten groep",
    staff_check: "Personeel: nodig volgens de kostenfiches en opgegeven",
    staff_intro: "Wat de kostenfiches van elke partner alleen aan ICT-personeel nodig hebben in {year}, tegenover het opgegeven personeel (ict_fte). Een tekort wordt aan loonkost aangekocht en kan daardoor als besparing van samenwerken verschijnen: controleer ict_fte of de VTE van de domeinen.",
    fte_need: "VTE nodig",
    fte_declared: "VTE opgegeven",
    fte_gap_cost: "Kost van het verschil per jaar",
    criteria: "Niet-financiële criteria",
    capacity: "Meer doen met dezelfde middelen",
    capacity_intro: "Dit plan is gekozen om zoveel mogelijk ICT-capaciteit vrij te maken voor nieuwe diensten, niet om zo weinig mogelijk uit te geven: de vrijgemaakte capaciteit is wat een partner niet meer uitgeeft plus het loon van de medewerkers die hij houdt (niemand wordt ontslagen) maar voor zijn eigen ICT niet meer nodig heeft. Geen enkele partner betaalt meer dan alleen {guard}.",
    capacity_guard_year: "in eender welk jaar",
    capacity_guard_horizon: "over de hele planperiode (NCW)",
    capacity_freed: "Vrijgemaakte capaciteit (NCW)",
    capacity_freed_fte: "Vrijgemaakt, laatste jaar (VTE-equivalent)",
    capacity_note: "De alternatieven, de schaalcurve, de prioriteiten, de billijke verdeling en de risicoanalyse verderop vergelijken plannen op hun kost.",
    criteria_intro: "Naast de kost scoort het plan op criteria die de raad zelf heeft ingevuld (0 = slechtst, 1 = best). Elke partner en elk domein telt mee met de score van de rechtsvorm waarin het gedeeld wordt, of met de score van alleen blijven; een domein telt zwaarder als het een hoger gewicht heeft. De scores zijn een oordeel (bijvoorbeeld uit een draagvlakanalyse), geen meting.",
    criterion: "Criterium",
    criteria_plan: "Plan",
    criteria_alone: "Elk alleen",
    criteria_min: "Minimum",
    criteria_forms: "De scores per rechtsvorm, zoals het scenario ze geeft:",
    criteria_value: "{criterion} is de raad {value} (NCW) waard per volledig punt: het plan werd gekozen op de kost min {credit} voor zijn score.",
    criteria_none: "geen",
    criteria_weights: "Gewichten van de domeinen (1 als niets opgegeven is): {list}.",
};

/// English.
pub static EN: Texts = Texts {
    title: "ICT cooperation: analysis and advice",
    subtitle: "Scenario: {scenario}. Amounts in euro of {base_year}, net present value (NPV) over {horizon} years at {rate}.",
    status_optimal: "The plan is the cheapest the scenario's rules allow (proven optimal).",
    status_optimal_capacity: "The plan frees the most ICT capacity the scenario's rules allow without any partner paying more than alone (proven optimal); it need not be the cheapest.",
    status_not_proven: "The plan is the best found within the time allowed ({status}); a better plan is not ruled out.",
    advice: "Advice",
    advice_share: "{members}: share {domains} as {form}.",
    advice_provider: "{members}: join {form} for {domains}.",
    from_year: "{domain} from {year}",
    advice_saving: "Together the partners' ICT costs {plan} (NPV) instead of {alone} if each stays alone: a saving of {saving} ({pct}). The plan pays back in {payback}.",
    advice_partner_saving: "{partner} pays {plan} instead of {alone} and saves {saving} ({pct}).",
    advice_partner_pays_more: "{partner} pays {plan} instead of {alone}: {extra} more than alone; a fair split (below) compensates it.",
    advice_nothing: "No cooperation is cheaper than staying alone: the advice is that each partner keeps running its own ICT.",
    advice_nothing_capacity: "No cooperation frees capacity without some partner paying more than alone: the advice is that each partner keeps running its own ICT.",
    in_house: "What stays in house, and why",
    in_house_rule: "{domain} stays in house at {partner}: the scenario requires it.",
    in_house_no_gain: "{domain} is not shared: doing it together gains nothing in this scenario.",
    in_house_priority: "Domain priorities (what sharing each domain adds to the saving): {list}.",
    partners: "Per partner",
    partner_summary: "NPV alone {alone}, with the plan {plan}; saving {saving} ({pct}). Payback year: {payback}.",
    payback: "Payback year",
    payback_none: "none",
    meerjarenplan: "Multi-year plan (meerjarenplan): what the partner pays per year",
    year: "Year",
    alone: "Alone",
    plan: "With the plan",
    exploitatie: "running costs",
    investering: "investments",
    saving: "Saving",
    saving_pct: "Saving (%)",
    own_fte: "Own FTE",
    transferred_fte: "Transferred FTE",
    residual_row: "residual value",
    entry_costs: "One-off entry costs",
    group: "Cooperation",
    start: "Start",
    integration: "Integration (migration)",
    setup_share: "Share of the setup (paid in {year})",
    domain_shares: "What the partner pays per shared domain (NPV, its years alone before the start included)",
    npv: "NPV",
    steps: "Step plan",
    steps_intro: "The decisions and events the plan implies, over time.",
    step_decision: "Decision of the municipal and OCMW councils on the cooperations: {vehicle}",
    step_setup: "{vehicle} operational (lead time {years} years)",
    step_lockin: "Current contract of {partner} for {domain} ends",
    step_start: "Start {domain}: {members} ({form})",
    step_join: "Decision of {members} to join {form}",
    step_provider_start: "Start {domain}: {members} at {form}",
    at_provider: "{members} at {form}",
    step_transfer: "Staff transferred to the cooperations (FTE): {list}",
    alternatives: "Alternatives side by side",
    alternatives_none: "The scenario describes no alternatives.",
    variant: "Variant",
    description: "Description",
    groups_count: "Cooperations",
    infeasible: "infeasible",
    scale: "Scale",
    scale_intro: "The optimum by the largest group allowed: where scale stops paying.",
    max_group_size: "Largest group",
    per_inhabitant: "Per inhabitant per year",
    split: "Fair split",
    split_intro: "Each cooperation splits its own bill ({method}); a partner in no cooperation pays what it would pay alone. The amounts in the advice and per partner are what each partner pays as the costs fall (its own staff, its share of each cooperation by volume); the fair split redistributes a cooperation's bill among its members: the difference is a settlement between them, and the total stays the same.",
    cooperation: "Cooperation",
    members: "Members",
    bill: "Bill (NPV)",
    cost_alone: "Cost alone",
    share: "Share",
    in_core_yes: "Stable: no subset of the members would be cheaper off on its own (the split is in the core).",
    in_core_no: "Not stable: a subset of the members would be cheaper off on its own; revisit the split or the cooperation.",
    in_core_unknown: "Stability not tested (too many members for an exact computation).",
    map: "Map",
    risk: "Risk and sensitivity",
    risk_absent: "The scenario has no uncertain inputs; this analysis was not run.",
    risk_skipped: "Use `samen risk` and `samen sensitivity` (on a large scenario with `--time-limit`) for this analysis.",
    left_out_region: "For a region this analysis is left out of the report: it takes too many re-solves.",
    left_out_beyond: "This analysis is left out of the report: the scenario is too large for the default solver to re-solve every variant in useful time. With HiGHS (a samen built with the `highs` feature, `--solver auto`) it is included.",
    left_out_split: "Use `samen allocate` for the split of the costs per cooperation.",
    left_out_scale: "Use `samen scale` and `samen priorities` for the scale curve and the priority of the domains.",
    risk_intro: "{draws} draws of the scenario's {inputs} uncertain inputs (seed {seed}), each priced by the same cost code as the plan. In {p} of the draws the recommended plan costs less than everyone alone. The saving (NPV): median {p50}, 5th percentile {p5}, 95th percentile {p95}; on average over the worst 5% of the draws {worst}.",
    risk_partner_intro: "Per partner: what it saves with the plan against alone (NPV), over the same draws.",
    risk_saves_in: "Saves in",
    risk_median: "Median",
    risk_tornado_intro: "Each uncertain input on its own at the ends of its range (P5 and P95 for a normal or lognormal input), the others as written: the recommended plan's saving. The widest bar is the input the advice hangs on most.",
    risk_tornado_chart: "Saving (NPV) with each input at the ends of its range",
    risk_tornado_axis: "saving against everyone alone, EUR (red: input low; blue: high; black: as written)",
    risk_break_even: "Break-even values",
    risk_break_even_intro: "Per input the value, nearest to the scenario's, at which the plan's saving changes sign (it stops saving), and at which another plan becomes the best (found by re-solving, to the margin shown).",
    risk_input: "Uncertain input",
    risk_range: "Range",
    risk_stops_saving: "Saving changes sign at",
    risk_plan_changes: "Best plan changes at",
    risk_none: "not within the range",
    risk_robust: "Robust choice among the candidate plans (the recommended plan, the next best plans and the alternatives' optima), over the same draws: by expected cost {npv}; by the worst 5% of the draws {shortfall}; by the largest regret {regret}.",
    risk_recommended: "the recommended plan",
    risk_alternative: "the plan of the alternative ‘{name}’ (at the scenario's own numbers)",
    risk_ranked: "the plan ranked {rank} by cost as written",
    risk_plan_differs: "{plan} differs from the recommended plan: it adds {added}; it leaves out {dropped}.",
    risk_inputs_intro: "The uncertain inputs as the scenario describes them. A factor multiplies the values as written (1 = as written).",
    risk_distribution: "Distribution",
    risk_how: "As",
    risk_factor: "factor",
    risk_value: "value",
    risk_source: "Source",
    assumptions: "Assumptions",
    assumptions_intro: "The inputs the result depends on, as written in the scenario.",
    parameter: "Parameter",
    value: "Value",
    unit: "Unit",
    source: "Source or note",
    not_priced: "Not in the figures: trust between the partners, local autonomy, political choices and the quality of service. The council weighs those itself.",
    not_priced_but_scored: "Not in the euros: trust between the partners, political choices and whatever the criteria above do not score. The criteria themselves are the council's judgement, not a measurement.",
    method: "Method",
    method_text: "samen finds the cheapest plan with a mixed-integer linear program: which partners share which ICT domain, in which legal form and from when, given current contracts, scale curves, staff rules (attrition and transfer, no forced layoffs) and the scenario's rules. Every plan is then costed year by year; those figures are in this report.",
    glossary: "Glossary",
    glossary_text: "NPV (net present value): the sum of all spending over the horizon, discounted to the base year; lower is better. Payback year: the first year from which the cumulative discounted saving stays non-negative. Running costs (exploitatie): purchases, staff, coordination, governance. Investments (investering): equipment, integration and setup, less residual value. FTE: full-time equivalent. Beheersovereenkomst: a management agreement without a legal entity. Interlokale vereniging: an association without legal personality with a management committee. Projectvereniging, dienstverlenende and opdrachthoudende vereniging: inter-municipal associations with legal personality.",
    cumulative_saving: "Cumulative discounted saving",
    total: "Total",
    sheet_summary: "Summary",
    sheet_groups: "Cooperations",
    sheet_partners: "Partners",
    sheet_years: "Multi-year plan",
    sheet_split: "Split",
    sheet_alternatives: "Alternatives",
    partner: "Partner",
    domain: "Domain",
    form: "Legal form",
    status: "Status",
    pooled_volume: "Pooled volume (base year)",
    u_years: "years",
    u_per_year: "per year",
    u_share: "share of book value",
    renewal_spread: "spread over the lifetime (a part every year)",
    u_euro_per_fte_year: "euro per FTE per year",
    u_euro_per_km_year: "euro per km per member per year",
    distance_per_vehicle: "once per vehicle and site",
    distance_per_domain: "per shared domain",
    u_euro_per_year: "euro per year",
    u_euro_per_unit_year: "euro per unit per year",
    u_euro_once: "euro, once",
    st_time_limit: "the time limit was reached",
    st_gap_limit: "within the requested distance of the optimum",
    st_restricted: "optimal among the plans the region formulation considers",
    st_heuristic: "found by the cluster heuristic and not proven optimal: the default solver does not close a model of this size, and without a lower bound the distance to the best plan is unknown",
    st_gap: "the plan costs at most {gap} more than the best possible",
    map_caption: "{domain}: {groups} group(s), {alone} alone",
    map_footer: "{scenario}: dots coloured by group, grey = alone, square = the group's site; equirectangular projection",
    map_site: "site {partner}",
    map_no_site: "no site within the distance limit",
    map_legend: "{form} ({members} members), {site}",
    map_caption_provider: "{domain}: {groups} group(s), {providers} with an existing provider, {alone} alone",
    map_provider: "{form}: {partner} joins",
    map_more: "... and {count} more group(s)",
    scale_chart: "Cost per inhabitant per year, by the largest group allowed",
    staff_check: "Staff: needed by the cost sheets and declared",
    staff_intro: "The ICT staff each partner's cost sheets need alone in {year}, against the staff it declares (ict_fte). A shortfall is bought in at salary and can then look like a saving of cooperating: check ict_fte or the domains' FTE.",
    fte_need: "FTE needed",
    fte_declared: "FTE declared",
    fte_gap_cost: "Cost of the difference per year",
    criteria: "Non-monetary criteria",
    capacity: "More with the same means",
    capacity_intro: "This plan was chosen to free as much ICT capacity as possible for new services, not to spend as little as possible: the capacity freed is what a partner no longer spends plus the salary of the staff it keeps (nobody is laid off) but no longer needs for its own ICT. No partner pays more than alone {guard}.",
    capacity_guard_year: "in any year",
    capacity_guard_horizon: "over the whole planning period (NPV)",
    capacity_freed: "Capacity freed (NPV)",
    capacity_freed_fte: "Freed, last year (FTE-equivalent)",
    capacity_note: "The alternatives, the scale curve, the priorities, the fair split and the risk analysis further on compare plans by their cost.",
    criteria_intro: "Beside its cost the plan scores on criteria the council filled in itself (0 = worst, 1 = best). Every partner and domain counts with the score of the legal form it is shared under, or with the score of staying alone; a domain with a higher weight counts more. The scores are a judgement (for instance from a support analysis, draagvlakanalyse), not a measurement.",
    criterion: "Criterion",
    criteria_plan: "Plan",
    criteria_alone: "Everyone alone",
    criteria_min: "Minimum",
    criteria_forms: "The scores per legal form, as the scenario gives them:",
    criteria_value: "{criterion} is worth {value} (NPV) per whole point to the council: the plan was chosen on its cost less {credit} for its score.",
    criteria_none: "none",
    criteria_weights: "Weights of the domains (1 where none is given): {list}.",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        let mut out: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn every_key_exists_in_both_languages_with_the_same_placeholders() {
        let (nl, en) = (NL.entries(), EN.entries());
        assert_eq!(nl.len(), en.len());
        for ((key, n), (key_en, e)) in nl.iter().zip(&en) {
            assert_eq!(key, key_en);
            assert!(
                !n.trim().is_empty() && !e.trim().is_empty(),
                "{key} is empty"
            );
            assert_eq!(placeholders(n), placeholders(e), "{key}");
        }
    }

    #[test]
    fn numbers_follow_each_languages_convention() {
        assert_eq!(Lang::Nl.money(1_234_567.4), "€ 1.234.567");
        assert_eq!(Lang::En.money(1_234_567.4), "EUR 1,234,567");
        assert_eq!(Lang::Nl.money(-2_500.0), "€ -2.500");
        assert_eq!(Lang::Nl.percent(12.34), "12,3%");
        assert_eq!(Lang::En.percent(12.34), "12.3%");
        assert_eq!(Lang::Nl.decimal(1234.5, 1), "1.234,5");
        assert_eq!(Lang::Nl.decimal(-0.25, 2), "-0,25");
        assert_eq!(Lang::En.decimal(0.0, 1), "0.0");
    }
}
