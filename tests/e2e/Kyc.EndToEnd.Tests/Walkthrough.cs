namespace Kyc.EndToEnd.Tests;

/// <summary>The request bodies of the getting-started walk-through (docs/getting-started.md).</summary>
internal static class Walkthrough
{
    public const string CompanyWithTwoUbosAndADirector = """
        {
          "external_reference": "crm-e2e",
          "company": {
            "legal_name": "Müller & Söhne GmbH", "registration_number": "HRB 12345", "jurisdiction": "DE",
            "entity_type": "private_limited_company", "incorporation_date": "2015-03-01",
            "registered_address": {"line1": "Hauptstraße 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}
          },
          "parties": [
            {"type": "natural_person", "roles": ["director"], "full_name": "Анна Петрова", "date_of_birth": "1980-05-17",
             "nationality": "DE", "country_of_residence": "DE"},
            {"type": "natural_person", "roles": ["ubo"], "ownership_percentage": 60, "full_name": "محمد علي",
             "date_of_birth": "1975-01-02", "nationality": "AE", "country_of_residence": "DE"},
            {"type": "natural_person", "roles": ["ubo"], "ownership_percentage": 40, "full_name": "李小龙",
             "date_of_birth": "1990-11-27", "nationality": "CN", "country_of_residence": "DE"}
          ]
        }
        """;
}
