// Classification conformance fixtures (docs/classification.md): compiled by the analyzer tests and
// read by the analyzers' ClassificationModel, and compiled, loaded and read by reflection in the
// runtime tests. Both must produce exactly expected.txt. One type per row family of the table.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Compliance.Runtime;
using Microsoft.Extensions.Compliance.Classification;

namespace ConformanceFixtures;

/// <summary>An application's own taxonomy, beside the HIPAA one.</summary>
public static class AppTaxonomy
{
    public static DataClassification Private => new("App", "Private");
}

[AttributeUsage(AttributeTargets.All)]
public sealed class PrivateDataAttribute : DataClassificationAttribute
{
    public PrivateDataAttribute()
        : base(AppTaxonomy.Private)
    {
    }
}

/// <summary>Configured (configured.txt), not a DataClassificationAttribute.</summary>
[AttributeUsage(AttributeTargets.All)]
public sealed class SensitiveAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.All)]
public sealed class UnrelatedAttribute : Attribute
{
}

// Row: attribute on the member (HIPAA taxonomy, another taxonomy, configured, unrelated).
public class Patient
{
    public int Id { get; set; }

    [Phi(Category = "ssn")]
    public string Ssn { get; set; } = "";

    [Pii]
    public string Email = "";

    [PrivateData]
    public string Note { get; set; } = "";

    [Sensitive]
    public string Secret { get; set; } = "";

    [Unrelated]
    public string Ward { get; set; } = "";
}

// Row: attribute on the type (and on a base type).
[PrivateData]
public class ClinicalNote
{
    public string Text { get; set; } = "";
}

public class DerivedNote : ClinicalNote
{
}

public class Chart
{
    public ClinicalNote? Note { get; set; }

    public DerivedNote Derived = new();

    public List<ClinicalNote> History { get; } = new();
}

// Row: the platform's explicit opt-out wins over inheritance and the type.
public class Discharge : Person
{
    [NoDataClassification]
    public override string Mrn => "";

    [NoDataClassification]
    public string Summary { get; set; } = "";
}

// Row: inherited through overrides and interface implementations.
public abstract class Person
{
    [Phi]
    public abstract string Mrn { get; }

    [Pii]
    public virtual string Phone { get; set; } = "";
}

public class Inpatient : Person
{
    public override string Mrn => "";

    public override string Phone { get; set; } = "";
}

public class Discharged : Inpatient
{
    public override string Mrn => "discharged";
}

public interface IHasDob
{
    [Phi]
    DateTime DateOfBirth { get; }
}

public class WithDob : IHasDob
{
    public DateTime DateOfBirth => default;
}

public class DerivedPatient : Patient
{
}

// Row: records (attribute on the positional parameter or targeted at the property).
public record PatientRecord(int Id, [Phi] string Name);

public record PropertyRecord(int Id, [property: Phi] string Name);

public record struct Reading([Pii] string Device, double Value);

// Rows: parameters and return values, overrides of them, [Redacts].
public class Lookup
{
    [return: Phi]
    public virtual string Find(int id) => "";

    public virtual void Take([Pii] string phone, string reason)
    {
    }

    public ClinicalNote Latest() => new();

    public void Annotate(ClinicalNote note, int? count)
    {
    }

    [Redacts]
    [return: Phi]
    public string Mask(string value) => "";

    public string Plain(string text) => text;
}

public class SpecialLookup : Lookup
{
    public override string Find(int id) => "special";

    public override void Take(string phone, string reason)
    {
    }
}

// Row: containment (members, elements, wrappers, cycles, private state).
public class Ward
{
    public List<Patient> Patients { get; } = new();
}

public class Bed
{
    public Patient?[] Occupants { get; } = Array.Empty<Patient?>();
}

public struct Vital
{
    [Phi]
    public double Value;
}

public class Sensor
{
    public Vital? Last { get; set; }
}

public class Node
{
    public Node? Next { get; set; }

    public Holder? Holder { get; set; }
}

public class Holder
{
    public Node? Back { get; set; }

    [Phi]
    public string Diagnosis { get; set; } = "";
}

public class Clean
{
    public string Name { get; set; } = "";

    public Clean? Self { get; set; }

    public object? Payload { get; set; }

    public IEnumerable<string> Tags { get; } = Array.Empty<string>();
}

public class Pending
{
    public Task<Dictionary<string, Patient>>? Lookup { get; set; }
}

public class Roster
{
    public IReadOnlyList<Patient> Patients { get; } = Array.Empty<Patient>();
}

public class Patients : List<Patient>
{
}

public class Census
{
    public Patients All { get; } = new();
}

public class PrivateHolder
{
    private readonly Patient patient = new();

    public int Count => patient.Id;
}
