// compliance-audit-verify: the options, their validation and the exit codes are in VerifierCommand.
return await VerifierCommand.InvokeAsync(args).ConfigureAwait(false);
