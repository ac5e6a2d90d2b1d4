namespace PreSessions.Gateway;

/// <summary>
/// The strings every page shares (the layout, navigation, the language switch, common words), in
/// <c>Resources/SharedResource.{fr,es}.resx</c>; English is the key itself. Pages' own strings live beside each page's
/// view localizer resources (<c>Resources/Pages/...</c>).
/// </summary>
public sealed class SharedResource;
