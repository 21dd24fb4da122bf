//! Hand-computed checks of the cost model: discounting, investment renewal and residual
//! value, attrition under no forced layoffs, staff transfer, VAT, scale curves, vehicles.
//! Every expected number below is worked out in the comment above it.

use samen::costs::{self, Cat};
use samen::evaluate::evaluate;
use samen::plan::{Group, Plan};
use samen::scenario::{ScaleCurve, Scenario};

const TOL: f64 = 1e-9;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= TOL * b.abs().max(1.0), "{a} != {b}");
}

/// Two partners, one domain; `sheet` and `form` are spliced into the TOML.
fn scenario(
    extra_scenario: &str,
    partners: &str,
    standalone: &str,
    shared: &str,
    form: &str,
) -> Scenario {
    let text = format!(
        r#"
[scenario]
name = "hand"
base_year = 2026
{extra_scenario}
{partners}
[[domain]]
id = "d"
driver = "staff"
[domain.standalone]
{standalone}
[domain.shared]
{shared}
[[form]]
id = "f"
{form}
[constraints]
individual_rationality = false
"#
    );
    Scenario::from_toml(&text, "hand.toml")
        .expect("valid")
        .scenario
}

const TWO: &str = r#"
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
staff = 30
[[partner]]
id = "b"
kind = "ocmw"
population = 1000
staff = 10
"#;

#[test]
fn npv_discounts_cash_at_the_start_of_each_year() {
    // 1000 a year for 3 years at 10%: 1000 (1 + 1/1.1 + 1/1.21) = 2735.5371900826...
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.1",
        TWO,
        "fixed_cost = 1000",
        "fixed_cost = 1000",
        "",
    );
    let (ledger, fte) = costs::standalone(&s, 0, 0);
    close(ledger.npv(&s), 1000.0 * (1.0 + 1.0 / 1.1 + 1.0 / 1.21));
    assert_eq!(ledger.rows.len(), 4, "H rows plus the residual row");
    assert_eq!(fte, vec![0.0; 3]);
}

#[test]
fn capex_is_renewed_every_lifetime_and_residual_value_is_credited() {
    // Equipment 3 years old with a lifetime of 3: due now. Over 5 years: investments at t=0
    // and t=3; the second is used 2 of 3 years, so 900 * 1/3 = 300 comes back at the end of
    // the horizon (row 5).
    let partners = TWO.replace("staff = 30", "staff = 30\nasset_age = { d = 3 }");
    let s = scenario(
        "horizon = 5\ndiscount_rate = 0.0",
        &partners,
        "capex_fixed = 900\nlifetime = 3",
        "fixed_cost = 1",
        "",
    );
    let (ledger, _) = costs::standalone(&s, 0, 0);
    let capex: Vec<f64> = ledger.rows.iter().map(|r| r[Cat::Capex as usize]).collect();
    assert_eq!(capex, vec![900.0, 0.0, 0.0, 900.0, 0.0, -300.0]);
    close(ledger.npv(&s), 1500.0);
}

#[test]
fn a_lock_in_moves_the_first_investment() {
    // Due now, but locked until 2027 (t=1): investments at t=1 and t=4; the second used 1
    // of 3 years, so 2/3 of 900 = 600 is credited at t=5.
    let partners = TWO.replace(
        "staff = 30",
        "staff = 30\nlocked_until = { d = 2027 }\nasset_age = { d = 5 }",
    );
    let s = scenario(
        "horizon = 5\ndiscount_rate = 0.0",
        &partners,
        "capex_fixed = 900\nlifetime = 3",
        "fixed_cost = 1",
        "",
    );
    let (ledger, _) = costs::standalone(&s, 0, 0);
    let capex: Vec<f64> = ledger.rows.iter().map(|r| r[Cat::Capex as usize]).collect();
    assert_eq!(capex, vec![0.0, 900.0, 0.0, 0.0, 900.0, -600.0]);
}

/// Partner a's capex by ledger row (lifetime 3, EUR 900, horizon 5, no discounting) with
/// `assets` written on it.
fn capex_rows(assets: &str) -> Vec<f64> {
    let partners = TWO.replace("staff = 30", &format!("staff = 30\n{assets}"));
    let s = scenario(
        "horizon = 5\ndiscount_rate = 0.0",
        &partners,
        "capex_fixed = 900\nlifetime = 3",
        "fixed_cost = 1",
        "",
    );
    let (ledger, _) = costs::standalone(&s, 0, 0);
    ledger.rows.iter().map(|r| r[Cat::Capex as usize]).collect()
}

#[test]
fn without_an_age_a_fleet_is_renewed_in_turns() {
    // Ages spread over a lifetime of 3: a third (300) renewed at t=0, 1, 2, and again at
    // t=3, 4 (t=5 is past the horizon). At row 5 the cohort bought at t=3 has 1 of 3 years
    // left (100), the one bought at t=4 2 of 3 (200), the one of t=2 none: -300.
    // Total 1500 - 300 = 1200, against 1500 for everything new in the base year.
    assert_eq!(
        capex_rows(""),
        vec![300.0, 300.0, 300.0, 300.0, 300.0, -300.0]
    );
}

#[test]
fn an_asset_age_sets_the_next_renewal() {
    // One year old, lifetime 3: renewed at t=2, then t=5 (past the horizon); used 3 of 3.
    assert_eq!(
        capex_rows("asset_age = { d = 1 }"),
        vec![0.0, 0.0, 900.0, 0.0, 0.0, 0.0]
    );
    // Older than its lifetime: due now.
    assert_eq!(
        capex_rows("asset_age = { d = 7 }"),
        vec![900.0, 0.0, 0.0, 900.0, 0.0, -300.0]
    );
}

#[test]
fn a_renewal_year_sets_the_next_renewal() {
    // Renewed in 2029 (t=3), used 2 of 3 years (t=3, 4): 300 credited at row 5.
    assert_eq!(
        capex_rows("renewal = { d = 2029 }"),
        vec![0.0, 0.0, 0.0, 900.0, 0.0, -300.0]
    );
    // Past the horizon: no renewal within it.
    assert_eq!(capex_rows("renewal = { d = 2040 }"), vec![0.0; 6]);
}

/// Partner a's ledger in a group with b sharing from t=1 (lead time 1): alone in year 0 with
/// equipment due now (EUR 900, lifetime 3, `resale` written on the standalone sheet).
fn switch_ledger(resale: &str) -> costs::Ledger {
    let partners = TWO.replace("staff = 30", "staff = 30\nasset_age = { d = 3 }");
    let s = scenario(
        "horizon = 5\ndiscount_rate = 0.0",
        &partners,
        &format!("capex_fixed = 900\nlifetime = 3\n{resale}"),
        "fixed_cost = 1",
        "lead_time = 1",
    );
    costs::column(&s, &[0, 1], 0, Some(0)).ledgers[0].clone()
}

#[test]
fn equipment_left_behind_is_credited_at_its_resale_share() {
    // a invests 900 at t=0 and starts sharing at t=1, leaving 2 of 3 years (600) unused.
    // Written off by default; with resale = 0.5, 300 comes back in the year of the switch;
    // at 1 (today's behaviour before resale existed) all 600.
    let capex =
        |l: &costs::Ledger| -> Vec<f64> { l.rows.iter().map(|r| r[Cat::Capex as usize]).collect() };
    assert_eq!(
        capex(&switch_ledger("")),
        vec![900.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(
        capex(&switch_ledger("resale = 0.5")),
        vec![900.0, -300.0, 0.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(
        capex(&switch_ledger("resale = 1")),
        vec![900.0, -600.0, 0.0, 0.0, 0.0, 0.0]
    );
}

#[test]
fn salaries_grow_in_real_terms() {
    // b (an OCMW) has no staff and needs 1 FTE at EUR 50,000, over 3 years without
    // discounting. At 2% real wage growth it pays 50,000 (1 + 1.02 + 1.0404) = 153,020; with
    // 10% for its kind, 50,000 (1 + 1.1 + 1.21) = 165,500.
    let own = |extra: &str| {
        let s = scenario(
            &format!("horizon = 3\ndiscount_rate = 0.0\nsalary_per_fte = 50000\n{extra}"),
            TWO,
            "fte_fixed = 1",
            "fte_fixed = 1",
            "",
        );
        let ev = evaluate(&s, &Plan::default());
        ev.partners[1].baseline.npv_of(&s, Cat::OwnStaff)
    };
    close(own("wage_growth = 0.02"), 153_020.0);
    close(
        own("wage_growth = 0.02\nwage_growth_by_kind = { ocmw = 0.1 }"),
        165_500.0,
    );
}

#[test]
fn shared_staff_and_their_vat_grow_with_wages() {
    // A vehicle (not hosted, 21% VAT) needs 2 FTE at EUR 50,000 growing 2% a year; a and b
    // have volumes 30 and 10, so a's key is 3/4. In year 2 a pays 3/4 * 2 * 50,000 * 1.0404
    // = 78,030 of shared staff and 21% of it, 16,386.3, of VAT.
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.0\nsalary_per_fte = 50000\nwage_growth = 0.02",
        TWO,
        "fixed_cost = 1",
        "fte_fixed = 2",
        "vat_rate = 0.21",
    );
    let a = &costs::column(&s, &[0, 1], 0, Some(0)).ledgers[0];
    close(a.rows[2][Cat::SharedStaff as usize], 78_030.0);
    close(a.rows[2][Cat::Vat as usize], 16_386.3);
}

#[test]
fn a_retained_organisation_is_always_paid() {
    // b needs no staff for the domain and has none, but keeps 0.5 FTE of regie: it pays
    // 0.5 * 50,000 = 25,000 every year, alone and in a group, whatever it shares.
    let partners = TWO.replace("staff = 10", "staff = 10\nretained_fte = 0.5");
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.0\nsalary_per_fte = 50000",
        &partners,
        "fixed_cost = 1000",
        "fixed_cost = 1",
        "",
    );
    let alone = evaluate(&s, &Plan::default());
    assert_eq!(alone.partners[1].paid_fte, vec![0.5; 3]);
    close(
        alone.partners[1].baseline.npv_of(&s, Cat::OwnStaff),
        75_000.0,
    );
    let plan = Plan {
        groups: vec![Group {
            members: vec![0, 1],
            domain: 0,
            form: 0,
            start: None,
        }],
    };
    let shared = evaluate(&s, &plan);
    assert_eq!(shared.partners[1].paid_fte, vec![0.5; 3]);
    // Partner a declares no retained staff: it pays none once it shares.
    assert_eq!(shared.partners[0].paid_fte, vec![0.0; 3]);
}

#[test]
fn retained_staff_by_kind_apply_unless_a_partner_says() {
    // Every gemeente keeps 1 FTE, b (an OCMW) none; a partner's own value wins.
    let s = scenario(
        "horizon = 3\nretained_fte_by_kind = { gemeente = 1.0 }",
        TWO,
        "fixed_cost = 1",
        "fixed_cost = 1",
        "",
    );
    assert_eq!(s.partners[0].retained_fte, 1.0);
    assert_eq!(s.partners[1].retained_fte, 0.0);
    let own = TWO.replace("staff = 30", "staff = 30\nretained_fte = 0.2");
    let s = scenario(
        "horizon = 3\nretained_fte_by_kind = { gemeente = 1.0 }",
        &own,
        "fixed_cost = 1",
        "fixed_cost = 1",
        "",
    );
    assert_eq!(s.partners[0].retained_fte, 0.2);
}

#[test]
fn current_staff_leave_only_by_attrition() {
    // Partner a has 4 FTE, needs 1; attrition 10%: paid 4, 3.6, 3.24 FTE at EUR 50,000.
    let partners = TWO.replace("staff = 30", "staff = 30\nict_fte = 4");
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.0\nattrition_rate = 0.1\nsalary_per_fte = 50000",
        &partners,
        "fte_fixed = 1",
        "fte_fixed = 1",
        "",
    );
    let ev = evaluate(&s, &Plan::default());
    let paid = &ev.partners[0].paid_fte;
    close(paid[0], 4.0);
    close(paid[1], 3.6);
    close(paid[2], 3.24);
    close(
        ev.partners[0].baseline.npv_of(&s, Cat::OwnStaff),
        50_000.0 * (4.0 + 3.6 + 3.24),
    );
    // Partner b has no staff and needs 1 FTE: it hires exactly its need.
    close(ev.partners[1].paid_fte[2], 1.0);
}

#[test]
fn paid_staff_closed_form() {
    // need 1, remaining 3, may transfer 1.5: keeps max(1, 3 - 1.5) = 1.5, transfers 1.5.
    assert_eq!(costs::paid_staff(1.0, 3.0, 1.5), (1.5, 1.5));
    // Transfers never go below the need: need 2.5, remaining 3, cap 5 -> keeps 2.5, moves 0.5.
    assert_eq!(costs::paid_staff(2.5, 3.0, 5.0), (2.5, 0.5));
    // Need above remaining staff: hire, nothing to transfer.
    assert_eq!(costs::paid_staff(4.0, 3.0, 5.0), (4.0, 0.0));
}

#[test]
fn shared_staff_is_split_by_volume_and_taxed_at_the_form_rate() {
    // Shared service needs 1 FTE at EUR 50,000; volume key: a has 30 of 40 staff (0.75),
    // b 10 of 40 (0.25). VAT 21% on the recharged staff: a pays 0.21*37,500 = 7,875.
    let s = scenario(
        "horizon = 2\ndiscount_rate = 0.0\nsalary_per_fte = 50000",
        TWO,
        "fte_fixed = 1",
        "fte_fixed = 1",
        "vat_rate = 0.21",
    );
    let col = costs::column(&s, &[0, 1], 0, Some(0));
    close(col.key[0], 0.75);
    close(col.key[1], 0.25);
    assert_eq!(col.shared_fte, vec![1.0, 1.0]);
    close(col.ledgers[0].rows[0][Cat::SharedStaff as usize], 37_500.0);
    close(col.ledgers[0].rows[0][Cat::Vat as usize], 7_875.0);
    close(col.ledgers[1].rows[1][Cat::Vat as usize], 0.21 * 12_500.0);
    // Hosted form: the host (largest volume: a) pays no VAT on its own share.
    let hosted = scenario(
        "horizon = 2\ndiscount_rate = 0.0\nsalary_per_fte = 50000",
        TWO,
        "fte_fixed = 1",
        "fte_fixed = 1",
        "vat_rate = 0.21\nhosted = true",
    );
    let col = costs::column(&hosted, &[0, 1], 0, Some(0));
    close(col.ledgers[0].rows[0][Cat::Vat as usize], 0.0);
    close(col.ledgers[1].rows[0][Cat::Vat as usize], 0.21 * 12_500.0);
}

#[test]
fn transfers_shrink_stranded_staff() {
    // Both partners share their only domain from t=0 under a form that allows transfer.
    // a: 2 FTE, needs 0 in house, may transfer its key share 0.75 of the 1 FTE service:
    // keeps 2 - 0.75 = 1.25. Without transfer it would keep all 2 (no attrition).
    let partners = TWO.replace("staff = 30", "staff = 30\nict_fte = 2");
    let run = |form: &str| {
        let s = scenario(
            "horizon = 2\ndiscount_rate = 0.0\nattrition_rate = 0.0",
            &partners,
            "fte_fixed = 1",
            "fte_fixed = 1",
            form,
        );
        let plan = Plan::new(vec![Group {
            domain: 0,
            form: 0,
            members: vec![0, 1],
            start: None,
        }]);
        evaluate(&s, &plan).partners[0].clone()
    };
    let with = run("staff_transfer = true");
    close(with.paid_fte[0], 1.25);
    close(with.transferred_fte[0], 0.75);
    let without = run("staff_transfer = false");
    close(without.paid_fte[0], 2.0);
    close(without.transferred_fte[0], 0.0);
}

#[test]
fn integration_coordination_and_vehicle_costs() {
    // Lead time 1: sharing starts at t=1. Each member pays integration 1,000 at t=1 and
    // coordination 100 at t=1 and t=2. Vehicle: setup 600 at t=0 split equally (300 each),
    // governance 200 fixed (100 each) + 50 per member, from t=1.
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.0",
        TWO,
        "fixed_cost = 10",
        "integration_per_member = 1000\ncoordination_per_member = 100",
        "lead_time = 1\nsetup_cost = 600\ngovernance_fixed = 200\ngovernance_per_member = 50",
    );
    let col = costs::column(&s, &[0, 1], 0, Some(0));
    assert_eq!(col.start, 1);
    let l = &col.ledgers[1];
    assert_eq!(l.rows[1][Cat::Integration as usize], 1000.0);
    assert_eq!(l.rows[2][Cat::Coordination as usize], 100.0);
    // Before the start the member still runs alone: 10 of standalone opex at t=0.
    assert_eq!(l.rows[0][Cat::Opex as usize], 10.0);
    let v = costs::vehicle(&s, &[0, 1], 0);
    assert_eq!(v[0].rows[0][Cat::Setup as usize], 300.0);
    assert_eq!(v[0].rows[0][Cat::Governance as usize], 0.0);
    assert_eq!(v[0].rows[1][Cat::Governance as usize], 150.0);
}

#[test]
fn scale_curve_interpolates_and_is_flat_beyond_its_ends() {
    let c = ScaleCurve {
        points: vec![(0.0, 1.0), (100.0, 0.8), (300.0, 0.9)],
    };
    close(c.multiplier(-5.0), 1.0);
    close(c.multiplier(50.0), 0.9);
    close(c.multiplier(100.0), 0.8);
    close(c.multiplier(200.0), 0.85);
    close(c.multiplier(1e9), 0.9);
    close(ScaleCurve::flat().multiplier(42.0), 1.0);
}

#[test]
fn pooled_volume_drives_the_shared_unit_cost() {
    // Shared unit cost 10 per staff member at pooled volume 40 with multiplier 0.5 beyond 40:
    // the service costs 10 * 40 * 0.5 = 200 a year, a pays 0.75 of it.
    let s = scenario(
        "horizon = 1\ndiscount_rate = 0.0",
        TWO,
        "unit_cost = 10",
        "unit_cost = 10\nscale = [[0, 1.0], [40, 0.5]]",
        "",
    );
    let col = costs::column(&s, &[0, 1], 0, Some(0));
    close(col.ledgers[0].rows[0][Cat::Opex as usize], 150.0);
    close(col.npv(&s), 200.0);
}

/// Which salary a shared service pays (README, "Conventions"): the host's under a hosted form,
/// the form's `shared_salary` (else the scenario's `salary_per_fte`) for a vehicle with staff
/// of its own.
#[test]
fn shared_staff_cost_the_hosts_salary_or_the_vehicles_own() {
    // a (gemeente, 60,000 per FTE) has 30 staff, b (ocmw, 40,000) 10: volume key 3/4 and 1/4.
    // The shared sheet needs 2 FTE a year, no other cost; horizon 2 years, no discounting.
    let base = "horizon = 2\ndiscount_rate = 0\nsalary_per_fte = 50000\nsalary_by_kind = { gemeente = 60000, ocmw = 40000 }";
    let shared = "fte_fixed = 2";
    let staff_of = |form: &str| {
        let s = scenario(base, TWO, "fte_fixed = 1", shared, form);
        let c = costs::column(&s, &[0, 1], 0, Some(0));
        assert_eq!(c.start, 0);
        (
            c.ledgers[0].npv_of(&s, Cat::SharedStaff),
            c.ledgers[1].npv_of(&s, Cat::SharedStaff),
        )
    };
    // Hosted: a is the host (largest volume), 2 FTE x 60,000 = 120,000 a year, 240,000 over
    // two years; a pays 3/4 = 180,000, b 1/4 = 60,000.
    let (a, b) = staff_of("hosted = true");
    close(a, 180_000.0);
    close(b, 60_000.0);
    // Not hosted: the scenario's 50,000: 200,000 over two years; 150,000 and 50,000.
    let (a, b) = staff_of("hosted = false");
    close(a, 150_000.0);
    close(b, 50_000.0);
    // Not hosted, own pay scale of 45,000: 180,000; 135,000 and 45,000.
    let (a, b) = staff_of("hosted = false\nshared_salary = 45000");
    close(a, 135_000.0);
    close(b, 45_000.0);
}

/// A plan that starts a group later costs exactly what the same group costs when its
/// members are locked in to that year: until the start, each runs the domain alone.
#[test]
fn a_later_start_in_a_plan_equals_a_lock_in_until_that_year() {
    let s = Scenario::load(std::path::Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario;
    let (d, members) = (1, vec![0, 2]);
    let group = |start| Group {
        domain: d,
        form: 0,
        members: members.clone(),
        start,
    };
    let later = Plan::new(vec![group(Some(3))]);
    let now = Plan::new(vec![group(None)]);
    let mut locked = s.clone();
    for &p in &members {
        locked.partners[p].locked_until[d] = 3;
    }
    let (a, b) = (evaluate(&s, &later), evaluate(&locked, &now));
    assert_eq!(a.groups[0].start, 3);
    assert!(
        (a.npv(&s) - b.npv(&locked)).abs() <= 1e-9 * b.npv(&locked),
        "{} vs {}",
        a.npv(&s),
        b.npv(&locked)
    );
    assert!(
        (a.npv(&s) - evaluate(&s, &now).npv(&s)).abs() > 1.0,
        "the later start changes the cost"
    );
    // A start before the earliest possible is the earliest: the lock-in still holds.
    let early = Plan::new(vec![group(Some(0))]);
    assert_eq!(evaluate(&locked, &early).groups[0].start, 3);
}

#[test]
fn plan_files_set_a_groups_start_year_and_refuse_one_it_cannot_have() {
    let s = Scenario::load(std::path::Path::new("tests/fixtures/small.toml"))
        .unwrap()
        .scenario;
    let file = |start: i32| {
        format!(
            "[[group]]\ndomain = \"helpdesk\"\nform = \"dv\"\nmembers = [\"a\", \"c\"]\nstart = {start}\n"
        )
    };
    let plan = samen::plan::parse_plan(&file(2029), "p.toml", &s).unwrap();
    assert_eq!(plan.groups[0].start, Some(3));
    let back = samen::plan::parse_plan(&plan.to_toml(&s), "back.toml", &s).unwrap();
    assert_eq!(back, plan, "to_toml writes the start year back");
    // The dv form has a lead time of one year: 2026 is too early; 2040 is past the horizon.
    for (year, expected) in [
        (2026, "before 2027"),
        (2040, "after the horizon's last year 2031"),
    ] {
        let e = samen::plan::parse_plan(&file(year), "p.toml", &s)
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected) && e.contains("p.toml:5:9"), "{e}");
    }
}

#[test]
fn joining_an_existing_provider_costs_its_price_with_vat_and_the_members_own_side() {
    // Partner a (30 users, 1 ICT FTE) joins provider f for d; b stays alone. Horizon 3, 10%,
    // salary 1000 a FTE, attrition 50% a year. Alone d costs 1000 a year and 0.5 FTE.
    // The provider charges 10 a user before 21% VAT, from its lead time (t=1); a pays the
    // domain's integration (200, once, at t=1) and coordination (50 a year) of its own side of
    // the switch, and the provider's governance per member (100 a year from the lead time).
    //   t=0 alone: 1000 + need 0.5 FTE, but 1 FTE on the payroll (no layoffs): 1000 + 1000
    //   t=1: price 10 x 30 = 300, VAT 63, coordination 50, integration 200, governance 100;
    //        need 0 FTE, 0.5 FTE left by attrition (none transferable): 500      -> 1213
    //   t=2: 300 + 63 + 50 + 100 + 0.25 FTE x 1000 = 250                          -> 763
    //   NPV = 2000 + 1213 / 1.1 + 763 / 1.21 = 2000 + 1102.7272... + 630.5785... = 3733.3057...
    let s = scenario(
        "horizon = 3\ndiscount_rate = 0.1\nsalary_per_fte = 1000\nattrition_rate = 0.5",
        &TWO.replace("staff = 30", "staff = 30\nict_fte = 1.0"),
        "fixed_cost = 1000\nfte_fixed = 0.5",
        "fixed_cost = 999999\nintegration_per_member = 200\ncoordination_per_member = 50",
        "provider_price = { d = 10.0 }\nvat_rate = 0.21\nlead_time = 1\ngovernance_per_member = 100",
    );
    let plan = Plan::new(vec![Group {
        domain: 0,
        form: 0,
        members: vec![0],
        start: None,
    }]);
    let ev = evaluate(&s, &plan);
    assert!(ev.violations.is_empty(), "{:?}", ev.violations);
    let a = &ev.partners[0];
    close(a.ledger.cash(0), 2000.0);
    close(a.ledger.cash(1), 1213.0);
    close(a.ledger.cash(2), 763.0);
    close(a.ledger.npv(&s), 2000.0 + 1213.0 / 1.1 + 763.0 / 1.21);
    let provider: Vec<f64> = (a.ledger.rows.iter())
        .map(|r| r[Cat::Provider as usize])
        .collect();
    assert_eq!(provider, vec![0.0, 300.0, 300.0, 0.0]);
    close(a.ledger.rows[1][Cat::Vat as usize], 63.0);
    assert_eq!(a.paid_fte, vec![1.0, 0.5, 0.25]);
    assert_eq!(a.need_fte, vec![0.5, 0.0, 0.0]);
    // The shared sheet's running cost is nobody's: the provider's price replaces it.
    close(a.ledger.npv_of(&s, Cat::Opex), 1000.0);
    // b pays what it pays alone: the provider is joined alone, nothing is split.
    close(
        ev.partners[1].ledger.npv(&s),
        ev.partners[1].baseline.npv(&s),
    );
}

#[test]
fn a_locked_in_member_manages_no_provider_contract_before_it_can_join() {
    // Lead time 1, but a is locked into its own contract of d until 2028 (t=2): it joins at
    // t=2 and pays the provider's governance (100 a year) only from then: t=2 and t=3 of a
    // 4-year horizon, 200 in all (from the lead time it would be 300).
    let s = scenario(
        "horizon = 4\ndiscount_rate = 0.0",
        &TWO.replace("staff = 30", "staff = 30\nlocked_until = { d = 2028 }"),
        "fixed_cost = 1000",
        "fixed_cost = 1000",
        "provider_price = { d = 10.0 }\nlead_time = 1\ngovernance_per_member = 100",
    );
    let governance: Vec<f64> = (costs::vehicle(&s, &[0], 0)[0].rows.iter())
        .map(|r| r[Cat::Governance as usize])
        .collect();
    assert_eq!(governance, vec![0.0, 0.0, 100.0, 100.0, 0.0]);
    // b, free from the lead time on, pays from t=1.
    let b: f64 = costs::vehicle(&s, &[1], 0)[0].npv_of(&s, Cat::Governance);
    close(b, 300.0);
}

#[test]
fn a_provider_is_joined_alone_never_by_a_group() {
    // The price does not depend on who else joins: a group of two under a provider form is
    // no plan (a fact, not a rule to relax).
    let s = scenario(
        "horizon = 3",
        TWO,
        "fixed_cost = 1000",
        "fixed_cost = 1000",
        "provider_price = { d = 1.0 }",
    );
    let plan = Plan::new(vec![Group {
        domain: 0,
        form: 0,
        members: vec![0, 1],
        start: None,
    }]);
    let ev = evaluate(&s, &plan);
    assert_eq!(ev.violations.len(), 1, "{:?}", ev.violations);
    assert!(ev.violations[0].message.contains("existing provider"));
}

/// Two partners 0.1 degree apart on one meridian, sharing two domains under one form (d2
/// from 2027, b's lock-in), distance charged `per`.
fn travelling_pair(per: &str) -> Scenario {
    let text = format!(
        r#"
[scenario]
name = "trips"
base_year = 2026
horizon = 3
discount_rate = 0.0
distance_cost_per_km = 100
distance_per = "{per}"
[[partner]]
id = "a"
kind = "gemeente"
population = 1000
staff = 30
location = {{ lat = 50.0, lon = 4.0 }}
[[partner]]
id = "b"
kind = "ocmw"
population = 1000
staff = 10
location = {{ lat = 50.1, lon = 4.0 }}
locked_until = {{ d2 = 2027 }}
[[domain]]
id = "d1"
driver = "staff"
[domain.standalone]
fixed_cost = 10
[domain.shared]
fixed_cost = 10
[[domain]]
id = "d2"
driver = "staff"
[domain.standalone]
fixed_cost = 10
[domain.shared]
fixed_cost = 10
[[form]]
id = "f"
[constraints]
individual_rationality = false
"#
    );
    Scenario::from_toml(&text, "trips.toml")
        .expect("valid")
        .scenario
}

/// What each partner pays for distance (NPV) when a and b share both domains.
fn distance_paid(per: &str) -> Vec<f64> {
    let s = travelling_pair(per);
    let group = |domain| Group {
        domain,
        form: 0,
        members: vec![0, 1],
        start: None,
    };
    let plan = Plan {
        groups: vec![group(0), group(1)],
    };
    let ev = evaluate(&s, &plan);
    (ev.partners.iter())
        .map(|o| o.ledger.npv_of(&s, Cat::Distance))
        .collect()
}

// On one meridian the great-circle distance is R Δφ: 6,371 km x 0.1 x π/180 = 11.1194926...
// km, EUR 1,111.949... a year at EUR 100 per km. For two members the site is the lower index
// (a tie in total), so b pays and a does not.
const TRIP: f64 = 100.0 * 6371.0 * 0.1 * std::f64::consts::PI / 180.0;

#[test]
fn one_trip_serves_every_domain_of_a_vehicle() {
    // d1 runs from 2026, d2 from 2027: one trip a year from 2026 to 2028, 3 x TRIP.
    let paid = distance_paid("vehicle");
    close(paid[0], 0.0);
    close(paid[1], 3.0 * TRIP);
}

#[test]
fn per_domain_every_shared_domain_is_a_trip() {
    // d1 three years, d2 two (from 2027): 5 x TRIP.
    let paid = distance_paid("domain");
    close(paid[0], 0.0);
    close(paid[1], 5.0 * TRIP);
}

/// The arrondissement prices distance and limits it to 20 km, with a hosted form and forms
/// that are not: its groups exercise every branch of the site.
fn arrondissement() -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/arrondissement-leuven.toml");
    Scenario::load(&path).expect("valid").scenario
}

/// Every group of two or three of the first nine partners.
fn small_groups() -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for a in 0..9 {
        for b in a + 1..9 {
            out.push(vec![a, b]);
            out.extend((b + 1..9).map(|c| vec![a, b, c]));
        }
    }
    out
}

// The candidate columns ask a group's `Sites` once per domain (the distance rule, then the
// cost); the memo must give what the site computed afresh gives, whatever order the domains
// are asked in, hosted (the host depends on the domain's volumes) or not.
#[test]
fn a_groups_memoised_site_is_the_site_for_every_domain() {
    let s = arrondissement();
    let nd = s.domains.len();
    for members in small_groups() {
        for f in 0..s.forms.len() {
            let mut forward = costs::Sites::new(&s, &members, f);
            let mut backward = costs::Sites::new(&s, &members, f);
            for d in 0..nd {
                let fresh = costs::site(&s, &members, d, f);
                assert_eq!(forward.of(d), fresh, "{members:?} form {f} domain {d}");
                assert_eq!(
                    backward.of(nd - 1 - d),
                    costs::site(&s, &members, nd - 1 - d, f)
                );
            }
        }
    }
}

// `Sites` computes each pair of members' distance once and reads it both ways: that is the
// distance `site` computes afresh only if the haversine is symmetric to the bit.
#[test]
fn the_distance_between_two_partners_is_the_same_both_ways_to_the_bit() {
    let s = arrondissement();
    let np = s.partners.len();
    for a in 0..np {
        assert_eq!(costs::partner_km(&s, a, a), 0.0);
        for b in 0..np {
            let (ab, ba) = (costs::partner_km(&s, a, b), costs::partner_km(&s, b, a));
            assert_eq!(ab.to_bits(), ba.to_bits(), "{a} {b}: {ab} vs {ba}");
        }
    }
}

// The column model prices trips as cash directly; that must be the trip ledger's cash and
// NPV to the bit, for every span of years (empty, reversed, past the horizon included).
#[test]
fn a_trips_cash_is_its_ledgers_to_the_bit() {
    let s = arrondissement();
    assert!(s.distance_cost_per_km > 0.0);
    let h = s.horizon;
    for (p, site) in [(0, 1), (3, 7), (5, 5), (12, 2)] {
        for from in 0..=h + 1 {
            for to in [0, from, from + 1, h, h + 3] {
                let cash = costs::trip_cash(&s, p, site, from, to);
                let full = costs::Cash::of(&s, &costs::trip(&s, p, site, from, to));
                assert_eq!(
                    cash.npv().to_bits(),
                    full.npv().to_bits(),
                    "{p} {site} {from}..{to}"
                );
                for t in 0..=h {
                    assert_eq!(cash.cash(t).to_bits(), full.cash(t).to_bits());
                }
            }
        }
    }
}

// A candidate column keeps only each member's cash per row and NPV; they must be the
// totals and NPV of the ledgers `costs::column` prices, member by member.
#[test]
fn a_candidate_column_keeps_its_ledgers_totals_and_npv() {
    use samen::formulation::columns::candidates;
    let s = arrondissement().restricted_to(&[0, 1, 2, 3, 4, 5]);
    let c = candidates::enumerate(&s).expect("enumerates");
    assert!(c.shared.len() > 50, "{}", c.shared.len());
    for col in &c.shared {
        let full = costs::column(&s, &col.members, col.domain, col.form);
        for (cash, ledger) in col.cash.iter().zip(&full.ledgers) {
            close(cash.npv(), ledger.npv(&s));
            for t in 0..=s.horizon {
                close(cash.cash(t), ledger.cash(t));
            }
        }
        close(col.npv(), full.npv(&s));
        assert_eq!(col.site, full.site);
        assert_eq!(col.own_fte, full.own_fte);
    }
}
