using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace PreSessions.Gateway.Hosting;

/// <summary>
/// English, French and Spanish, as UPR Info's application forms have been since 2021. The language comes from
/// <c>?lang=</c>, then the language cookie, then <c>Accept-Language</c> (docs/CONTRACT.md, Pages); a <c>?lang=</c> choice is
/// kept in the cookie so the next page stays in it.
/// </summary>
public static class Localization
{
    public static readonly string[] Languages = ["en", "fr", "es"];

    public const string QueryKey = "lang";

    public static WebApplicationBuilder AddPreSessionsLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            (o.SupportedCultures, o.SupportedUICultures) = (cultures, cultures);
            // "fr-CH" and "es-419" are French and Spanish: a regional Accept-Language finds its language.
            o.FallBackToParentCultures = o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = QueryKey, UIQueryStringKey = QueryKey },
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static WebApplication UsePreSessionsLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use((context, next) =>
        {
            if (context.Request.Query.TryGetValue(QueryKey, out var asked) && Languages.Contains(asked.ToString()))
                Remember(context, asked.ToString());
            return next(context);
        });
        return app;
    }

    /// <summary>Keeps a visitor's language for a year; it is a preference, not a secret, yet only this site reads it.</summary>
    public static void Remember(HttpContext context, string language) =>
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
            });

    /// <summary>This page's address in another language: the same path and query, with <c>lang</c> set.</summary>
    public static string AddressIn(this HttpRequest request, string language)
    {
        var query = request.Query.Where(q => q.Key != QueryKey)
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create(QueryKey, (string?)language));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    /// <summary>The two-letter language of the request ("en", "fr" or "es").</summary>
    public static string Language(this HttpContext context) =>
        context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName ?? "en";
}
