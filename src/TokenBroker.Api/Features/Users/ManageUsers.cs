using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Users;

public static class ManageUsers
{
    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateUserRequest request, TokenBrokerDb db, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        validator.Email("email", request.Email);
        if (request.Password is null)
        {
            validator.Add("password", "is required.");
        }
        // Characters are Unicode code points (NIST SP 800-63B §5.1.1.2), not UTF-16 units.
        else if (request.Password.EnumerateRunes().Count() is var length && (length < Limits.MinPasswordLength || length > Limits.MaxPasswordLength))
        {
            validator.Add("password", $"must be {Limits.MinPasswordLength} to {Limits.MaxPasswordLength} characters.");
        }
        else if (RequestValidator.HasControlCharacters(request.Password))
        {
            validator.Add("password", "must not contain control characters.");
        }

        if (request.Type is not (User.AgentType or User.AdminType))
        {
            validator.Add("type", "must be \"agent\" or \"admin\".");
        }

        validator.Text("displayName", request.DisplayName, Limits.Name, required: false);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var normalized = Emails.Normalize(request.Email!);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return EmailTaken();
        }

        var user = new User
        {
            Id = Ids.New(time),
            Email = request.Email!.Trim(),
            NormalizedEmail = normalized,
            PasswordHash = "",
            Type = request.Type!,
            DisplayName = request.DisplayName,
            CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index caught a concurrent create with the same email.
            return EmailTaken();
        }

        return TypedResults.Created($"/v1/users/{user.Id}", user.ToResponse());
    }

    public static async Task<Results<Ok<Page<UserResponse>>, ValidationProblem>> List(
        int? limit, string? after, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator();
        var (take, afterId) = Paging.Read(limit, after, validator);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        var rows = await db.Users.AsNoTracking()
            .Where(u => afterId == null || string.Compare(u.Id, afterId) > 0)
            .OrderBy(u => u.Id)
            .Take(take + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.ToPage(rows, take, u => u.Id, u => u.ToResponse()));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(string userId, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? NotFound(userId) : TypedResults.Ok(user.ToResponse());
    }

    /// <summary>Deletes the user and their memberships (store cascade).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string userId, TokenBrokerDb db, CancellationToken cancellationToken)
    {
        var deleted = await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? NotFound(userId) : TypedResults.NoContent();
    }

    public static ProblemHttpResult NotFound(string userId) =>
        Problems.NotFound(userId.Length <= Limits.Id ? $"No user with id '{userId}'." : "No such user.");

    private static ProblemHttpResult EmailTaken() => Problems.Conflict("A user with this email already exists.");
}
