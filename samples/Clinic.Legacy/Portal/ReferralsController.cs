using Compliance.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Clinic.Legacy.Portal;

/// <summary>
/// A classic MVC form handler: the referral form posts here with the clinician's auth cookie, and
/// nothing validates an antiforgery token (CMP3006) or the model (CMP3004). Its audit and rate
/// limit are attributes only: Program.cs never registers Compliance.Runtime (CMP3007), so neither
/// does anything.
/// </summary>
public sealed class ReferralsController : Controller
{
    public sealed class ReferralForm
    {
        public int PatientId { get; set; }

        public string Specialty { get; set; } = "";
    }

    [HttpPost]
    [Audited(Action = "referral.create", ResourceType = "Referral", ResourceIdRouteValue = "patientId")]
    [RateLimited(RateLimitTier.Standard)]
    public IActionResult Create(ReferralForm form) => RedirectToAction(nameof(Create));
}
