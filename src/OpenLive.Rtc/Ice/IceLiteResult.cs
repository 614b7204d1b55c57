namespace OpenLive.Rtc.Ice;

/// <summary>What <see cref="IceLiteResponder.HandleRequest"/> did with a datagram.</summary>
public enum IceLiteResult
{
    /// <summary>Not a Binding request for us (or an indication, or a bad FINGERPRINT): nothing to send.</summary>
    NoResponse = 0,

    /// <summary>A valid check: a success response is in the buffer; send it back to the source.</summary>
    Answered,

    /// <summary>
    /// A valid check with USE-CANDIDATE from an endpoint that was not the selected one: a success response is in the
    /// buffer and <see cref="IceLiteResponder.SelectedEndpoint"/> is now the source — send media there from now on.
    /// </summary>
    Nominated,

    /// <summary>A refused request (400, 401, 420 or 487): an error response is in the buffer; send it back.</summary>
    Rejected,

    /// <summary>
    /// A valid check with USE-CANDIDATE from a new endpoint while switches need verification: a success response is in
    /// the buffer, media stays where it goes, and <see cref="IceLiteResponder.TryWriteVerificationRequest"/> has our own
    /// Binding request to the new endpoint due; only its valid response (<see cref="IceLiteResponder.HandleResponse"/>
    /// returning <see cref="Nominated"/>) moves the selection.
    /// </summary>
    VerificationPending,
}
